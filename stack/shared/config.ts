// The one reader of the stack's settings: supabase/config.toml (what the stack shares with the
// Supabase CLI), the environment (the stack's own settings and keys) and start options.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'smol-toml'
import {
  DEMO_ANON_KEY,
  DEMO_JWT_SECRET,
  DEMO_PUBLISHABLE_KEY,
  DEMO_RESEND_KEY,
  DEMO_SECRET_KEY,
  DEMO_SERVICE_ROLE_KEY,
} from './keys.ts'
import { authConfig, type AuthConfig } from './config-auth.ts'
import { bool, num, overlay, strs, table, type Toml } from './toml.ts'

export type { AuthConfig } from './config-auth.ts'

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The Postgres major version the embedded database runs (hosted Supabase's). */
const POSTGRES_MAJOR = 17

export interface StackConfig {
  root: string
  ports: { api: number; db: number; mail: number; app: number }
  host: string
  dataDir: string
  /** Set when the stack uses an existing Postgres instead of the embedded one (a superuser URL). */
  externalDatabaseUrl?: string
  jwtSecret: string
  anonKey: string
  serviceRoleKey: string
  /** The new API key formats (`sb_publishable_…`, `sb_secret_…`), mapped to anon and service_role. */
  publishableKey: string
  secretKey: string
  /** Addresses (IPs or CIDRs) of proxies whose X-Forwarded-For the gateway believes. */
  trustedProxies: string[]
  resendApiKey: string
  /** The Resend API the edge functions call (RESEND_BASE_URL); unset: the local mail sink. */
  resendBaseUrl?: string
  /** The mail sink's rate limit per API key, requests per second (STACK_MAIL_RATE_LIMIT). */
  mailRateLimit: number
  /** Hosted "Allow public access" off: only private Realtime channels (STACK_REALTIME_PRIVATE_ONLY). */
  realtimePrivateOnly: boolean
  /** REST's own pool (STACK_REST_POOL_SIZE) and authenticator's password (STACK_AUTHENTICATOR_PASSWORD). */
  rest: { poolSize: number; authenticatorPassword: string }
  api: {
    schemas: string[]
    extraSearchPath: string[]
    maxRows: number
    /** `[api] auto_expose_new_tables`: only `true` grants new objects in public to the API roles. */
    autoExposeNewTables?: boolean
  }
  /** `[db.seed] enabled`; the seed files themselves (`sql_paths`) are the CLI's to read. */
  db: { seedEnabled: boolean }
  auth: AuthConfig
  functions: Record<string, { verifyJwt: boolean; enabled: boolean }>
  /** Folders whose <name>/index.ts are served as edge functions (supabase/functions first). */
  functionsDirs: string[]
  /** `[edge_runtime.secrets]`, with `env(NAME)` values read from the environment. */
  functionSecrets: Record<string, string>
}

export interface ConfigOverrides {
  ports?: Partial<StackConfig['ports']>
  dataDir?: string
  databaseUrl?: string
  root?: string
  /** Extra function folders (tests serve tests/functions this way). */
  extraFunctionsDirs?: string[]
  /** `[functions.<name>]` settings for functions outside supabase/ (test functions). */
  functions?: StackConfig['functions']
  /** Values laid over supabase/config.toml, as if the file said them (tests of other settings). */
  toml?: Toml
  trustedProxies?: string[]
}

const envNumber = (name: string): number | undefined => {
  const v = process.env[name]
  return v && Number.isFinite(Number(v)) ? Number(v) : undefined
}
const envList = (name: string, separator: string): string[] | undefined =>
  process.env[name]
    ?.split(separator)
    .map((s) => s.trim())
    .filter(Boolean)

/** STACK_LOG, read at each use so a script may set it after the modules load. */
export function logLevel(): string {
  return process.env.STACK_LOG ?? 'info'
}

function checkMajorVersion(db: Toml): void {
  const wanted = num(db.major_version, POSTGRES_MAJOR)
  if (wanted !== POSTGRES_MAJOR)
    throw new Error(
      `[db] major_version = ${wanted}: the local stack runs Postgres ${POSTGRES_MAJOR} only, as hosted Supabase does today.`,
    )
}

/** `[edge_runtime.secrets]`: a value `env(NAME)` is the variable NAME, left out when unset (as the CLI does). */
function functionSecrets(toml: Toml): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(table(table(toml, 'edge_runtime'), 'secrets'))) {
    if (typeof v !== 'string') continue
    const ref = v.match(/^env\((\w+)\)$/)
    if (!ref) out[k] = v
    else if (process.env[ref[1]!] !== undefined) out[k] = process.env[ref[1]!]!
  }
  return out
}

export function loadConfig(overrides: ConfigOverrides = {}): StackConfig {
  const root = overrides.root ?? PROJECT_ROOT
  const file = parse(readFileSync(path.join(root, 'supabase/config.toml'), 'utf8')) as Toml
  const toml = overrides.toml ? overlay(file, overrides.toml) : file
  const api = table(toml, 'api')
  const db = table(toml, 'db')
  checkMajorVersion(db)
  const mail = table(toml, 'local_smtp')
  const ports = {
    api: overrides.ports?.api ?? envNumber('STACK_API_PORT') ?? num(api.port, 54321),
    db: overrides.ports?.db ?? envNumber('STACK_DB_PORT') ?? num(db.port, 54322),
    mail: overrides.ports?.mail ?? envNumber('STACK_MAIL_PORT') ?? num(mail.port, 54324),
    app: overrides.ports?.app ?? envNumber('STACK_APP_PORT') ?? 3000,
  }
  const functions: StackConfig['functions'] = {}
  for (const [name, fn] of Object.entries(table(toml, 'functions'))) {
    const f = fn as Toml
    functions[name] = { verifyJwt: bool(f.verify_jwt, true), enabled: bool(f.enabled, true) }
  }
  const mailRateLimit = envNumber('STACK_MAIL_RATE_LIMIT') ?? 1000
  return {
    root,
    ports,
    host: process.env.STACK_HOST ?? '127.0.0.1',
    dataDir: path.resolve(root, overrides.dataDir ?? process.env.STACK_DATA_DIR ?? '.stack'),
    externalDatabaseUrl: overrides.databaseUrl ?? process.env.DATABASE_URL ?? undefined,
    jwtSecret: process.env.JWT_SECRET ?? DEMO_JWT_SECRET,
    anonKey: process.env.SUPABASE_ANON_KEY ?? DEMO_ANON_KEY,
    serviceRoleKey: process.env.SUPABASE_SERVICE_ROLE_KEY ?? DEMO_SERVICE_ROLE_KEY,
    publishableKey: process.env.SUPABASE_PUBLISHABLE_KEY ?? DEMO_PUBLISHABLE_KEY,
    secretKey: process.env.SUPABASE_SECRET_KEY ?? DEMO_SECRET_KEY,
    trustedProxies: overrides.trustedProxies ?? envList('STACK_TRUSTED_PROXIES', ',') ?? [],
    resendApiKey: process.env.RESEND_API_KEY ?? DEMO_RESEND_KEY,
    resendBaseUrl: process.env.RESEND_BASE_URL || undefined,
    mailRateLimit: mailRateLimit > 0 ? mailRateLimit : 1000,
    realtimePrivateOnly: process.env.STACK_REALTIME_PRIVATE_ONLY === 'true',
    rest: {
      // PostgREST's db-pool default; the CLI's local password for authenticator.
      poolSize: envNumber('STACK_REST_POOL_SIZE') ?? 10,
      authenticatorPassword: process.env.STACK_AUTHENTICATOR_PASSWORD ?? 'postgres',
    },
    api: {
      schemas: strs(api.schemas, ['public', 'graphql_public']),
      extraSearchPath: strs(api.extra_search_path, ['public', 'extensions']),
      maxRows: num(api.max_rows, 1000),
      autoExposeNewTables:
        typeof api.auto_expose_new_tables === 'boolean' ? api.auto_expose_new_tables : undefined,
    },
    db: { seedEnabled: bool(table(db, 'seed').enabled, true) },
    auth: authConfig(table(toml, 'auth'), root),
    functions: { ...functions, ...overrides.functions },
    functionsDirs: [
      path.join(root, 'supabase/functions'),
      ...(overrides.extraFunctionsDirs ?? envList('STACK_FUNCTIONS_DIRS', path.delimiter) ?? []).map((d) =>
        path.resolve(root, d),
      ),
    ],
    functionSecrets: functionSecrets(toml),
  }
}

/** Public URLs of a running stack, as `supabase status` prints them. */
export function stackUrls(c: StackConfig) {
  const h = c.host
  return {
    api: `http://${h}:${c.ports.api}`,
    rest: `http://${h}:${c.ports.api}/rest/v1`,
    functions: `http://${h}:${c.ports.api}/functions/v1`,
    realtime: `ws://${h}:${c.ports.api}/realtime/v1`,
    mail: `http://${h}:${c.ports.mail}`,
    app: `http://${h}:${c.ports.app}`,
  }
}
