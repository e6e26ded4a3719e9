// The REST service's own connections, logged in as `authenticator` as PostgREST is on
// Supabase: never a superuser, never the pool other services share.
import pg from 'pg'
import type { StackConfig } from '../../shared/config.ts'

/** PostgREST's `db-pool-acquisition-timeout` default, 10 s. */
export const ACQUIRE_TIMEOUT_MS = 10_000

/** The admin URL with the authenticator's name and password. */
export function authenticatorUrl(adminUrl: string, rest: StackConfig['rest']): string {
  const url = new URL(adminUrl)
  url.username = 'authenticator'
  url.password = rest.authenticatorPassword
  return url.toString()
}

/** A request's statements leave in one write and come back together (`exchange.ts`). */
export function createRestPool(
  adminUrl: string,
  rest: StackConfig['rest'],
  onError: (err: Error) => void,
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: authenticatorUrl(adminUrl, rest),
    max: rest.poolSize,
    connectionTimeoutMillis: ACQUIRE_TIMEOUT_MS,
    application_name: 'postgrest',
  })
  pool.on('error', onError)
  return pool
}
