// The one token verifier every service uses (gateway, Auth, REST, Realtime, functions'
// verify_jwt), and the signer Auth uses. Verifies the legacy HS256 secret and, when
// `[auth] signing_keys_path` is set, the asymmetric keys of that set (by `kid`).
import { SignJWT, decodeProtectedHeader, errors, jwtVerify, type JWK, type JWTPayload } from 'jose'
import type { SigningKeys } from './signing-keys.ts'
import { createTokenCache } from './token-cache.ts'

export const API_ROLES = ['anon', 'authenticated', 'service_role'] as const
export type ApiRole = (typeof API_ROLES)[number]

export interface VerifiedToken {
  role: ApiRole
  claims: JWTPayload & { role: ApiRole; sub?: string; [k: string]: unknown }
}

export class TokenError extends Error {
  constructor(
    message: string,
    readonly reason: 'missing' | 'expired' | 'invalid' | 'bad_role',
  ) {
    super(message)
  }
}

export interface TokenVerifier {
  verify(token: string | undefined | null): Promise<VerifiedToken>
  sign(claims: Record<string, unknown>, expiresInSeconds: number): Promise<string>
  /** The public keys tokens may be checked with (empty with the HS256 secret alone). */
  jwks(): { keys: JWK[] }
  cacheStats(): { entries: number; bytes: number }
}

export interface VerifierOptions {
  /** Bytes the verified-token cache may hold (default 8 MiB). */
  cacheBytes?: number
  /** Longer tokens are checked every time and never cached (default 16 KiB). */
  maxCachedTokenBytes?: number
}

export function createTokenVerifier(
  secret: string,
  keys?: SigningKeys,
  options: VerifierOptions = {},
): TokenVerifier {
  const hmac = new TextEncoder().encode(secret)
  // Verified tokens by their exact text (signature included), so a token is checked once,
  // not on every request; expiry is still checked each time.
  const verified = createTokenCache<VerifiedToken>({
    maxBytes: options.cacheBytes ?? 8 * 1024 * 1024,
    maxEntryBytes: options.maxCachedTokenBytes ?? 16 * 1024,
  })

  function keyFor(token: string) {
    let header: ReturnType<typeof decodeProtectedHeader>
    try {
      header = decodeProtectedHeader(token)
    } catch {
      throw new TokenError('Invalid JWT', 'invalid')
    }
    if (header.alg === 'HS256') return { key: hmac, alg: 'HS256' }
    const found = typeof header.kid === 'string' ? keys?.byKid.get(header.kid) : undefined
    if (!found || found.alg !== header.alg) throw new TokenError('Invalid JWT', 'invalid')
    return { key: found.publicKey, alg: found.alg }
  }

  async function verifyOnce(token: string): Promise<VerifiedToken> {
    const { key, alg } = keyFor(token)
    let payload: JWTPayload
    try {
      ;({ payload } = await jwtVerify(token, key, { algorithms: [alg] }))
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new TokenError('JWT expired', 'expired')
      throw new TokenError('Invalid JWT', 'invalid')
    }
    const role = payload.role
    if (!API_ROLES.includes(role as ApiRole)) {
      throw new TokenError('JWT role is not an API role', 'bad_role')
    }
    return { role: role as ApiRole, claims: payload as VerifiedToken['claims'] }
  }

  return {
    async verify(token) {
      if (!token) throw new TokenError('No API key found in request', 'missing')
      const hit = verified.get(token)
      if (hit) {
        const exp = hit.claims.exp
        if (exp === undefined || exp > Date.now() / 1000) return hit
        verified.delete(token)
        throw new TokenError('JWT expired', 'expired')
      }
      const result = await verifyOnce(token)
      // The claims came out of the token, so they weigh about what its payload does.
      verified.set(token, result, token.length)
      return result
    },
    async sign(claims, expiresInSeconds) {
      const now = Math.floor(Date.now() / 1000)
      const signer = keys?.signer
      const jwt = new SignJWT(claims)
        .setProtectedHeader(
          signer?.privateKey
            ? { alg: signer.alg, kid: signer.kid, typ: 'JWT' }
            : { alg: 'HS256', typ: 'JWT' },
        )
        .setIssuedAt(now)
        .setExpirationTime(now + expiresInSeconds)
      return jwt.sign(signer?.privateKey ?? hmac)
    },
    jwks: () => ({ keys: keys?.publicJwks ?? [] }),
    cacheStats: () => verified.stats(),
  }
}

/** `Authorization: Bearer x` → `x`, else undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(.+)$/i)
  return m?.[1]?.trim()
}
