// The API keys the gateway accepts in `apikey`, as hosted Supabase's API gateway does: the
// legacy anon/service_role JWTs, and the publishable/secret keys, which it turns into the
// JWT of their role before a service sees the request (services only know JWTs).
import type { IncomingMessage } from 'node:http'

export interface ApiKeys {
  anonKey: string
  serviceRoleKey: string
  publishableKey: string
  secretKey: string
}

/** The JWT a publishable or secret key stands for; undefined for anything else. */
export function roleJwtOf(keys: ApiKeys, key: string | undefined): string | undefined {
  if (!key) return undefined
  if (key === keys.publishableKey) return keys.anonKey
  if (key === keys.secretKey) return keys.serviceRoleKey
  return undefined
}

export function isKnownKey(keys: ApiKeys, key: string): boolean {
  return (
    key === keys.anonKey ||
    key === keys.serviceRoleKey ||
    key === keys.publishableKey ||
    key === keys.secretKey
  )
}

/**
 * Browsers announce themselves as `Mozilla/…`; Supabase refuses secret keys from them (its
 * docs: "matches on the User-Agent header"). Node, Deno and curl send their own names.
 */
export function fromBrowser(req: IncomingMessage): boolean {
  const ua = req.headers['user-agent']
  return typeof ua === 'string' && ua.startsWith('Mozilla/')
}

/**
 * `Authorization` as the service should see it: a JWT given by the client stays; a
 * publishable/secret key there (supabase-js sends its key as the bearer when signed out) or
 * none at all becomes the role JWT of the `apikey`. A key in `Authorization` that differs from
 * `apikey` is left alone, and the service refuses it as not a JWT, as hosted does.
 */
export function authorizationFor(
  keys: ApiKeys,
  authorization: string | undefined,
  apikey: string | undefined,
) {
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1]
  if (authorization && !bearer?.startsWith('sb_')) return authorization
  if (bearer && bearer !== apikey) return authorization
  const jwt = roleJwtOf(keys, apikey)
  return jwt ? `Bearer ${jwt}` : authorization
}
