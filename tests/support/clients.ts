// Real supabase-js clients and a superuser (supabase_admin) SQL pool against the stack under
// test, for Vitest and Playwright (e2e/support.ts builds on this folder).
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import pg from 'pg'
import WebSocket from 'ws'
import { inject } from 'vitest'
import { stackEnvFromProcess, type StackEnv } from './stack-env.ts'

/** The stack under test: Playwright's (and `npm test`'s) TEST_STACK, else Vitest's global setup. */
export function stackEnv(): StackEnv {
  return stackEnvFromProcess() ?? inject('stack')
}

/** A supabase-js client with no session persistence, `ws` as its realtime transport. */
export function client(key: 'anon' | 'service_role' = 'anon', env: StackEnv = stackEnv()): SupabaseClient {
  return createClient(env.apiUrl, key === 'anon' ? env.anonKey : env.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never },
  })
}

export const anonClient = () => client('anon')
export const serviceClient = () => client('service_role')

/** A client signed in with email + password (the user must exist). */
export async function signedInClient(email: string, password: string): Promise<SupabaseClient> {
  const c = anonClient()
  const { error } = await c.auth.signInWithPassword({ email, password })
  if (error) throw new Error(`sign-in as ${email} failed: ${error.message}`)
  return c
}

let pool: pg.Pool | undefined
/** Superuser SQL, for arranging and checking what the API did. */
export function sql(): pg.Pool {
  pool ??= new pg.Pool({ connectionString: stackEnv().databaseUrl, max: 4 })
  return pool
}

/** A unique suffix for names, so test files never collide on one stack. */
export function unique(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
}
