// Forged and stale tokens are refused by every service that reads them.
import { SignJWT, decodeJwt } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { anonClient, sql, stackEnv, unique } from '../../support/clients.ts'

let good: string
let claims: Record<string, unknown>

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
const sign = (payload: Record<string, unknown>, secret: string) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret))

const forged: Record<string, () => Promise<string>> = {
  expired: () => sign({ ...claims, iat: 1_600_000_000, exp: 1_600_003_600 }, stackEnv().jwtSecret),
  'signed with another key': () => sign(claims, 'another-secret-another-secret-another-secret'),
  'alg none': async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
  'edited after signing': async () => {
    const [h, , s] = good.split('.')
    return `${h}.${b64({ ...claims, role: 'service_role' })}.${s}`
  },
}

beforeAll(async () => {
  await sql().query(
    `create or replace function public.security_token_probe() returns text language sql stable as $$ select auth.uid()::text $$`,
  )
  const c = anonClient()
  const { data, error } = await c.auth.signUp({
    email: `${unique('tok')}@example.com`,
    password: 'token-test-pw',
  })
  if (error) throw error
  good = data.session!.access_token
  claims = decodeJwt(good)
})

/** Every service a token reaches, each called as supabase-js would. */
const services: Record<string, (token: string) => Promise<Response>> = {
  'auth GET /user': (token) =>
    fetch(`${stackEnv().apiUrl}/auth/v1/user`, {
      headers: { apikey: stackEnv().anonKey, authorization: `Bearer ${token}` },
    }),
  'functions POST /functions/v1/echo': (token) =>
    fetch(`${stackEnv().apiUrl}/functions/v1/echo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    }),
  'REST GET /rest/v1/rpc': (token) =>
    fetch(`${stackEnv().apiUrl}/rest/v1/rpc/security_token_probe`, {
      headers: { apikey: stackEnv().anonKey, authorization: `Bearer ${token}` },
    }),
}

describe('tokens refused by every service', () => {
  for (const [service, call] of Object.entries(services)) {
    it(`${service} accepts the genuine token`, async () => {
      expect((await call(good)).status).toBe(200)
    })
    for (const [kind, make] of Object.entries(forged)) {
      it(`${service} refuses a token ${kind}`, async () => {
        const res = await call(await make())
        expect([401, 403]).toContain(res.status)
      })
    }
  }
})
