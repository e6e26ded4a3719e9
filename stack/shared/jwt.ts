// The one token verifier every service uses, and the signer auth uses.
import { SignJWT, jwtVerify, errors, type JWTPayload } from 'jose'

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
}

const CACHE_SIZE = 10_000

export function createTokenVerifier(secret: string): TokenVerifier {
  const key = new TextEncoder().encode(secret)
  // Verified tokens by their exact text (signature included), so a token is checked once,
  // not on every request; expiry is still checked each time.
  const verified = new Map<string, VerifiedToken>()
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
      if (verified.size >= CACHE_SIZE) verified.delete(verified.keys().next().value!)
      verified.set(token, result)
      return result
    },
    async sign(claims, expiresInSeconds) {
      const now = Math.floor(Date.now() / 1000)
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt(now)
        .setExpirationTime(now + expiresInSeconds)
        .sign(key)
    },
  }

  async function verifyOnce(token: string): Promise<VerifiedToken> {
    let payload: JWTPayload
    try {
      ;({ payload } = await jwtVerify(token, key, { algorithms: ['HS256'] }))
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
}

/** `Authorization: Bearer x` → `x`, else undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(.+)$/i)
  return m?.[1]?.trim()
}
