// A second throw-away stack for one test file, with settings laid over supabase/config.toml
// (signing keys, other rate limits, trusted proxies...), and clients bound to it.
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import pg from 'pg'
import WebSocket from 'ws'
import { startTestStack, type StackEnv } from './stack-env.ts'

export interface CustomStack {
  env: StackEnv
  client(key?: 'anon' | 'service_role' | 'publishable' | 'secret', fetchImpl?: typeof fetch): SupabaseClient
  sql: pg.Pool
  stop(): Promise<void>
}

export async function startCustomStack(
  overrides: Parameters<typeof startTestStack>[0],
): Promise<CustomStack> {
  const started = await startTestStack(overrides)
  const { env } = started
  const sql = new pg.Pool({ connectionString: env.databaseUrl, max: 2 })
  // pool.end() resolves before its sockets close, so an idle client may still hear Postgres
  // shut down; that is expected here (a query's own errors still reach its caller).
  sql.on('error', () => {})
  const keyOf = {
    anon: env.anonKey,
    service_role: env.serviceRoleKey,
    publishable: env.publishableKey,
    secret: env.secretKey,
  }
  return {
    env,
    sql,
    client: (key = 'anon', fetchImpl) =>
      createClient(env.apiUrl, keyOf[key], {
        auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
        realtime: { transport: WebSocket as never },
        global: fetchImpl ? { fetch: fetchImpl } : {},
      }),
    async stop() {
      await sql.end()
      await started.stop()
    },
  }
}
