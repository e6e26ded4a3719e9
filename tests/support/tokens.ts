// Access tokens shaped like Supabase Auth's, signed with the project secret (tests and
// benchmarks that need many users without signing each one in).
import { SignJWT } from 'jose'

/** An `authenticated` token for `sub`; `claims` add to or replace Auth's usual ones. */
export function signAccessToken(
  jwtSecret: string,
  sub: string,
  claims: Record<string, unknown> = {},
  expiresInSeconds = 3600,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({
    sub,
    role: 'authenticated',
    aud: 'authenticated',
    session_id: crypto.randomUUID(),
    ...claims,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInSeconds)
    .sign(new TextEncoder().encode(jwtSecret))
}
