// Where the stack under test lives. `npm test` starts one stack for every suite and passes
// it as TEST_STACK (JSON); a lone `vitest` run starts its own in the global setup.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { RunningStack, StartOptions } from '../../stack/stack.ts'

export interface StackEnv {
  apiUrl: string
  mailUrl: string
  /** The superuser's URL (supabase_admin): tests arrange and check rows with it. */
  databaseUrl: string
  /** postgres's URL, as `supabase status` prints it: the role migrations run as. */
  postgresUrl: string
  anonKey: string
  serviceRoleKey: string
  /** The new key formats (`sb_publishable_…`, `sb_secret_…`) the gateway maps to anon / service_role. */
  publishableKey: string
  secretKey: string
  jwtSecret: string
  dataDir: string
}

export function stackEnvFromProcess(): StackEnv | undefined {
  const raw = process.env.TEST_STACK
  return raw ? (JSON.parse(raw) as StackEnv) : undefined
}

/**
 * Starts a throw-away stack on free ports and a temp data folder; `overrides` lay other
 * settings over supabase/config.toml (tests of settings this project keeps off).
 */
export async function startTestStack(
  overrides: Pick<StartOptions, 'toml' | 'trustedProxies'> = {},
): Promise<{ env: StackEnv; stop(): Promise<void> }> {
  const { startStack } = await import('../../stack/stack.ts')
  const { freePort } = await import('../../stack/ports.ts')
  const dataDir = await mkdtemp(path.join(tmpdir(), 'realtime-orders-test-'))
  const ports = { api: await freePort(), db: await freePort(), mail: await freePort() }
  const stack = await startStack({
    dataDir,
    ports,
    ephemeral: true,
    extraFunctionsDirs: ['tests/functions'],
    functions: { 'echo-open': { verifyJwt: false, enabled: true } },
    onProgress: () => {},
    ...overrides,
  })
  return {
    env: stackEnvOf(stack, dataDir),
    async stop() {
      await stack.stop()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** What tests need to reach a running stack. */
export function stackEnvOf(stack: RunningStack, dataDir: string): StackEnv {
  return {
    apiUrl: stack.urls.api,
    mailUrl: stack.urls.mail,
    databaseUrl: stack.adminDatabaseUrl,
    postgresUrl: stack.databaseUrl,
    anonKey: stack.config.anonKey,
    serviceRoleKey: stack.config.serviceRoleKey,
    publishableKey: stack.config.publishableKey,
    secretKey: stack.config.secretKey,
    jwtSecret: stack.config.jwtSecret,
    dataDir,
  }
}
