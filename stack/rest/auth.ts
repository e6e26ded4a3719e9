// Who is calling: the bearer token (or, without one, the apikey) verified by the stack's one
// verifier; no token means anon. Failures are PostgREST's PGRST301/PGRST303 with their
// WWW-Authenticate header.
import type { IncomingMessage } from 'node:http'
import { bearerToken, TokenError, type TokenVerifier, type VerifiedToken } from '../shared/jwt.ts'
import { firstHeader } from '../shared/http.ts'
import { RestError } from './errors.ts'

const ANON: VerifiedToken = Object.freeze({ role: 'anon', claims: Object.freeze({ role: 'anon' as const }) })

export async function authenticate(verifier: TokenVerifier, req: IncomingMessage): Promise<VerifiedToken> {
  const token = bearerToken(firstHeader(req, 'authorization')) ?? firstHeader(req, 'apikey')
  if (!token) return ANON
  try {
    return await verifier.verify(token)
  } catch (err) {
    if (!(err instanceof TokenError)) throw err
    if (err.reason === 'expired')
      throw new RestError(401, 'PGRST303', 'JWT expired', null, null, {
        'www-authenticate': 'Bearer error="invalid_token", error_description="JWT expired"',
      })
    const message =
      err.reason === 'bad_role' ? 'JWT role is not an API role' : 'No suitable key or wrong key type'
    throw new RestError(401, 'PGRST301', message, null, null, {
      'www-authenticate': `Bearer error="invalid_token", error_description="${message}"`,
    })
  }
}

/** The role the `apikey` header stands for (hosted Supabase checks the key, not the bearer). */
export async function apiKeyRole(verifier: TokenVerifier, req: IncomingMessage): Promise<string | undefined> {
  const key = firstHeader(req, 'apikey')
  if (!key) return undefined
  return verifier.verify(key).then(
    (t) => t.role,
    () => undefined,
  )
}
