// The REST service's own connections, logged in as `authenticator` as PostgREST is on
// Supabase: never a superuser, never the pool other services share.
import pg from 'pg'

/** PostgREST's defaults: `db-pool` 10 connections, `db-pool-acquisition-timeout` 10 s. */
export const POOL_SIZE = Number(process.env.STACK_REST_POOL_SIZE ?? 10)
export const ACQUIRE_TIMEOUT_MS = 10_000

/** The admin URL with the authenticator's name and password (the CLI's local default). */
export function authenticatorUrl(adminUrl: string): string {
  const url = new URL(adminUrl)
  url.username = 'authenticator'
  url.password = process.env.STACK_AUTHENTICATOR_PASSWORD ?? 'postgres'
  return url.toString()
}

/** A request's statements leave in one write and come back together (`exchange.ts`). */
export function createRestPool(adminUrl: string, onError: (err: Error) => void): pg.Pool {
  const pool = new pg.Pool({
    connectionString: authenticatorUrl(adminUrl),
    max: POOL_SIZE,
    connectionTimeoutMillis: ACQUIRE_TIMEOUT_MS,
    application_name: 'postgrest',
  })
  pool.on('error', onError)
  return pool
}
