// Loads what the stack shares with the Supabase CLI from supabase/config.toml,
// plus the stack's own settings from the environment and start options.
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

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

type Toml = Record<string, unknown>

export interface AuthConfig {
  siteUrl: string
  additionalRedirectUrls: string[]
  jwtExpiry: number
  enableSignup: boolean
  enableRefreshTokenRotation: boolean
  refreshTokenReuseInterval: number
  minimumPasswordLength: number
  passwordRequirements: string
  enableAnonymousSignIns: boolean
  /** Absolute path of the JWK set `[auth] signing_keys_path` names, if any. */
  signingKeysPath?: string
  mfa: {
    maxEnrolledFactors: number
    totp: { enrollEnabled: boolean; verifyEnabled: boolean }
  }
  email: {
    enableSignup: boolean
    enableConfirmations: boolean
    doubleConfirmChanges: boolean
    otpLength: number
    otpExpiry: number
    maxFrequency: string
    securePasswordChange: boolean
  }
  rateLimit: {
    anonymousUsers: number
    emailSent: number
    tokenRefresh: number
    signInSignUps: number
    tokenVerifications: number
  }
}

export interface StackConfig {
  root: string
  projectId: string
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
  api: {
    schemas: string[]
    extraSearchPath: string[]
    maxRows: number
    /** `[api] auto_expose_new_tables`: only `true` grants new objects in public to the API roles. */
    autoExposeNewTables?: boolean
  }
  db: { majorVersion: number; seedEnabled: boolean; seedPaths: string[] }
  auth: AuthConfig
  functions: Record<string, { verifyJwt: boolean; enabled: boolean }>
  /** Folders whose <name>/index.ts are served as edge functions (supabase/functions first). */
  functionsDirs: string[]
  /** The parsed config.toml, for settings no typed field covers yet. */
  toml: Toml
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

const table = (t: Toml | undefined, key: string): Toml => (t?.[key] as Toml) ?? {}
const num = (v: unknown, d: number): number => (typeof v === 'number' ? v : d)
const bool = (v: unknown, d: boolean): boolean => (typeof v === 'boolean' ? v : d)
const str = (v: unknown, d: string): string => (typeof v === 'string' ? v : d)
const strs = (v: unknown, d: string[]): string[] => (Array.isArray(v) ? v.map(String) : d)
const envPort = (name: string): number | undefined =>
  process.env[name] ? Number(process.env[name]) : undefined
const envList = (name: string): string[] | undefined =>
  process.env[name]
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)

function overlay(base: Toml, over: Toml): Toml {
  const out: Toml = { ...base }
  for (const [k, v] of Object.entries(over)) {
    const b = out[k]
    const bothTables = v && b && typeof v === 'object' && typeof b === 'object' && !Array.isArray(v)
    out[k] = bothTables ? overlay(b as Toml, v as Toml) : v
  }
  return out
}

export function loadConfig(overrides: ConfigOverrides = {}): StackConfig {
  const root = overrides.root ?? PROJECT_ROOT
  const file = parse(readFileSync(path.join(root, 'supabase/config.toml'), 'utf8')) as Toml
  const toml = overrides.toml ? overlay(file, overrides.toml) : file
  const api = table(toml, 'api')
  const db = table(toml, 'db')
  const auth = table(toml, 'auth')
  const email = table(auth, 'email')
  const rate = table(auth, 'rate_limit')
  const mfa = table(auth, 'mfa')
  const totp = table(mfa, 'totp')
  const mail = table(toml, 'local_smtp')
  const ports = {
    api: overrides.ports?.api ?? envPort('STACK_API_PORT') ?? num(api.port, 54321),
    db: overrides.ports?.db ?? envPort('STACK_DB_PORT') ?? num(db.port, 54322),
    mail: overrides.ports?.mail ?? envPort('STACK_MAIL_PORT') ?? num(mail.port, 54324),
    app: overrides.ports?.app ?? envPort('STACK_APP_PORT') ?? 3000,
  }
  const functions: StackConfig['functions'] = {}
  for (const [name, fn] of Object.entries(table(toml, 'functions'))) {
    const f = fn as Toml
    functions[name] = { verifyJwt: bool(f.verify_jwt, true), enabled: bool(f.enabled, true) }
  }
  return {
    root,
    projectId: str(toml.project_id, 'realtime-orders'),
    ports,
    host: process.env.STACK_HOST ?? '127.0.0.1',
    dataDir: path.resolve(root, overrides.dataDir ?? process.env.STACK_DATA_DIR ?? '.stack'),
    externalDatabaseUrl: overrides.databaseUrl ?? process.env.DATABASE_URL ?? undefined,
    jwtSecret: process.env.JWT_SECRET ?? DEMO_JWT_SECRET,
    anonKey: process.env.SUPABASE_ANON_KEY ?? DEMO_ANON_KEY,
    serviceRoleKey: process.env.SUPABASE_SERVICE_ROLE_KEY ?? DEMO_SERVICE_ROLE_KEY,
    publishableKey: process.env.SUPABASE_PUBLISHABLE_KEY ?? DEMO_PUBLISHABLE_KEY,
    secretKey: process.env.SUPABASE_SECRET_KEY ?? DEMO_SECRET_KEY,
    trustedProxies: overrides.trustedProxies ?? envList('STACK_TRUSTED_PROXIES') ?? [],
    resendApiKey: process.env.RESEND_API_KEY ?? DEMO_RESEND_KEY,
    api: {
      schemas: strs(api.schemas, ['public', 'graphql_public']),
      extraSearchPath: strs(api.extra_search_path, ['public', 'extensions']),
      maxRows: num(api.max_rows, 1000),
      autoExposeNewTables:
        typeof api.auto_expose_new_tables === 'boolean' ? api.auto_expose_new_tables : undefined,
    },
    db: {
      majorVersion: num(db.major_version, 17),
      seedEnabled: bool(table(db, 'seed').enabled, true),
      seedPaths: strs(table(db, 'seed').sql_paths, ['./seed.sql']),
    },
    auth: {
      siteUrl: str(auth.site_url, 'http://127.0.0.1:3000'),
      additionalRedirectUrls: strs(auth.additional_redirect_urls, []),
      jwtExpiry: num(auth.jwt_expiry, 3600),
      enableSignup: bool(auth.enable_signup, true),
      enableRefreshTokenRotation: bool(auth.enable_refresh_token_rotation, true),
      refreshTokenReuseInterval: num(auth.refresh_token_reuse_interval, 10),
      minimumPasswordLength: num(auth.minimum_password_length, 6),
      passwordRequirements: str(auth.password_requirements, ''),
      enableAnonymousSignIns: bool(auth.enable_anonymous_sign_ins, false),
      // Relative paths start at supabase/, as the CLI resolves them.
      signingKeysPath:
        typeof auth.signing_keys_path === 'string' && auth.signing_keys_path
          ? path.resolve(root, 'supabase', auth.signing_keys_path)
          : undefined,
      mfa: {
        maxEnrolledFactors: num(mfa.max_enrolled_factors, 10),
        // Off unless config.toml turns them on, as the CLI defaults them.
        totp: {
          enrollEnabled: bool(totp.enroll_enabled, false),
          verifyEnabled: bool(totp.verify_enabled, false),
        },
      },
      email: {
        enableSignup: bool(email.enable_signup, true),
        enableConfirmations: bool(email.enable_confirmations, false),
        doubleConfirmChanges: bool(email.double_confirm_changes, true),
        otpLength: num(email.otp_length, 6),
        otpExpiry: num(email.otp_expiry, 3600),
        maxFrequency: str(email.max_frequency, '1s'),
        securePasswordChange: bool(email.secure_password_change, false),
      },
      rateLimit: {
        anonymousUsers: num(rate.anonymous_users, 30),
        emailSent: num(rate.email_sent, 2),
        tokenRefresh: num(rate.token_refresh, 150),
        signInSignUps: num(rate.sign_in_sign_ups, 30),
        tokenVerifications: num(rate.token_verifications, 30),
      },
    },
    functions: { ...functions, ...overrides.functions },
    functionsDirs: [
      path.join(root, 'supabase/functions'),
      ...(
        overrides.extraFunctionsDirs ??
        process.env.STACK_FUNCTIONS_DIRS?.split(path.delimiter).filter(Boolean) ??
        []
      ).map((d) => path.resolve(root, d)),
    ],
    toml,
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
