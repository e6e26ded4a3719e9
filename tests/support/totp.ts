// Admins sign in with a password and a TOTP code (docs/architecture.md, Security rules: aal2):
// the one helper the integration tests and the Playwright journeys use, with codes from
// `otpauth`.
import type { SupabaseClient } from '@supabase/supabase-js'
import { Secret, TOTP } from 'otpauth'

/** The seeded demo admin (supabase/seed.sql, README): local only, public like its password. */
export const DEMO_ADMIN = {
  email: 'admin@example.com',
  password: 'admin-password',
  totpSecret: 'OJSWC3DUNFWWKLLPOJSGK4TTFVSGK3LP',
}

const PERIOD = 30
const totp = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), period: PERIOD })
const stepAt = (ms: number) => Math.floor(ms / 1000 / PERIOD)

// Auth accepts each time step of a factor once (a replayed code is refused), and one step
// either side of now: a second sign-in within 30 s takes the next step's code, a third waits.
const usedSteps = new Map<string, number>()

/** A code for the next time step of `secret` this process has not used yet. */
export async function nextTotpCode(secret: string): Promise<string> {
  const now = stepAt(Date.now())
  const step = Math.max(now, (usedSteps.get(secret) ?? -1) + 1)
  const waitMs = (step - 1) * PERIOD * 1000 - Date.now()
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs + 50))
  usedSteps.set(secret, step)
  return totp(secret).generate({ timestamp: step * PERIOD * 1000 })
}

/**
 * supabase-js hands Realtime a new token on SIGNED_IN and TOKEN_REFRESHED only, not after an
 * MFA verification: without this, its channels would still act as the aal1 session.
 */
async function raisedToAal2(client: SupabaseClient) {
  await client.realtime.setAuth()
}

async function ok<T>(what: string, p: Promise<{ data: T; error: Error | null }>): Promise<NonNullable<T>> {
  const { data, error } = await p
  if (error || !data) throw new Error(`${what} failed: ${error?.message ?? 'no data'}`)
  return data
}

/**
 * Enrols a TOTP factor for the signed-in `client` and verifies it, as an admin does at
 * their first sign-in; the client ends at aal2. Returns the factor's secret.
 */
export async function enrolTotp(client: SupabaseClient): Promise<string> {
  const factor = await ok('enrol', client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'tests' }))
  const code = await nextTotpCode(factor.totp.secret)
  await ok('first verification', client.auth.mfa.challengeAndVerify({ factorId: factor.id, code }))
  await raisedToAal2(client)
  return factor.totp.secret
}

/** Signs `client` in as an admin: email + password, then a code of their TOTP factor (aal2). */
export async function signInWithTotp(
  client: SupabaseClient,
  email: string,
  password: string,
  secret: string,
): Promise<SupabaseClient> {
  const { error } = await client.auth.signInWithPassword({ email, password })
  if (error) throw new Error(`sign-in as ${email} failed: ${error.message}`)
  const factors = await ok('factors', client.auth.mfa.listFactors())
  const factor = factors.totp[0]
  if (!factor) throw new Error(`${email} has no verified TOTP factor`)
  const code = await nextTotpCode(secret)
  await ok(`TOTP for ${email}`, client.auth.mfa.challengeAndVerify({ factorId: factor.id, code }))
  await raisedToAal2(client)
  return client
}
