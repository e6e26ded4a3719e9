// `[auth] signing_keys_path`: a stack whose key set (written by the real `supabase gen
// signing-key`) signs sessions ES256; every service verifies through the one verifier, the
// JWKS publishes the public keys, and a key outside the set is refused everywhere.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { SignJWT, decodeJwt, decodeProtectedHeader, importJWK, type JWK } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCustomStack, type CustomStack } from '../../support/custom-stack.ts'

/** One ES256 private JWK from the Supabase CLI (it prints one when no path is configured). */
const cliKey = (): JWK =>
  JSON.parse(
    execFileSync('npx', ['supabase', 'gen', 'signing-key', '--algorithm', 'ES256'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as JWK

const [first, second, stranger] = [cliKey(), cliKey(), cliKey()]
let stack: CustomStack
let session: { access_token: string; user: { id: string } }

const signWith = async (jwk: JWK, kid: string, claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
    .sign(await importJWK({ ...jwk, key_ops: ['sign'] }, 'ES256'))

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'signing-keys-'))
  const file = path.join(dir, 'signing_keys.json')
  writeFileSync(file, JSON.stringify([first, second], null, 2)) // as `gen signing-key --append` leaves it
  stack = await startCustomStack({ toml: { auth: { signing_keys_path: file } } })
  await stack.sql.query(
    `create or replace function public.signing_key_probe() returns text language sql stable as $$ select auth.uid()::text $$;
     grant execute on function public.signing_key_probe() to anon, authenticated`,
  )
  const email = `es256${Date.now()}@example.com`
  const { data, error } = await stack.client().auth.signUp({ email, password: 'signing-pw-1' })
  if (error) throw error
  session = data.session as typeof session
}, 120_000)
afterAll(() => stack?.stop())

/** Every service a token reaches, called as supabase-js would. */
function services(token: string) {
  const headers = { apikey: stack.env.anonKey, authorization: `Bearer ${token}` }
  const realtime = async () => {
    const c = stack.client()
    await c.realtime.setAuth(token)
    const status = await new Promise<string>((resolve) => {
      c.channel(`es256-${Math.random()}`).subscribe((s) => {
        if (s !== 'CLOSED') resolve(s)
      })
    })
    await c.removeAllChannels()
    return status
  }
  return {
    auth: () => fetch(`${stack.env.apiUrl}/auth/v1/user`, { headers }).then((r) => r.status),
    rest: () => fetch(`${stack.env.apiUrl}/rest/v1/rpc/signing_key_probe`, { headers }).then((r) => r.status),
    functions: () =>
      fetch(`${stack.env.apiUrl}/functions/v1/echo`, { method: 'POST', headers }).then((r) => r.status),
    realtime,
  }
}

describe('asymmetric signing keys from signing_keys_path', () => {
  it('signs sessions ES256 with the first key of the set', () => {
    expect(decodeProtectedHeader(session.access_token)).toMatchObject({ alg: 'ES256', kid: first.kid })
    expect(decodeJwt(session.access_token)).toMatchObject({ sub: session.user.id, role: 'authenticated' })
  })

  it('publishes the public keys at /auth/v1/.well-known/jwks.json (no apikey needed, no private part)', async () => {
    const res = await fetch(`${stack.env.apiUrl}/auth/v1/.well-known/jwks.json`)
    expect(res.status).toBe(200)
    const { keys } = (await res.json()) as { keys: JWK[] }
    expect(keys.map((k) => k.kid)).toEqual([first.kid, second.kid])
    for (const k of keys) {
      expect(k).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', key_ops: ['verify'] })
      expect(k).not.toHaveProperty('d')
    }
  })

  it('getClaims() verifies through the JWKS, without asking Auth for the user', async () => {
    const asked: string[] = []
    const recording: typeof fetch = (input, init) => {
      asked.push(String(input instanceof Request ? input.url : input))
      return fetch(input, init)
    }
    const { data, error } = await stack.client('anon', recording).auth.getClaims(session.access_token)
    expect(error).toBeNull()
    expect(data?.claims.sub).toBe(session.user.id)
    expect(asked.some((u) => u.endsWith('/auth/v1/.well-known/jwks.json'))).toBe(true)
    expect(asked.some((u) => u.includes('/auth/v1/user'))).toBe(false)
  })

  it('a session signed by either key of the set is accepted by Auth, REST, Realtime and functions', async () => {
    const bySecond = await signWith(second, second.kid!, decodeJwt(session.access_token))
    for (const token of [session.access_token, bySecond]) {
      const s = services(token)
      expect(await s.auth()).toBe(200)
      expect(await s.rest()).toBe(200)
      expect(await s.functions()).toBe(200)
      expect(await s.realtime()).toBe('SUBSCRIBED')
    }
  })

  it('the same claims signed by a key outside the set are refused everywhere, even under a kid of the set', async () => {
    const claims = decodeJwt(session.access_token)
    for (const token of [
      await signWith(stranger, stranger.kid!, claims),
      await signWith(stranger, first.kid!, claims),
    ]) {
      const s = services(token)
      expect(await s.auth()).toBe(403)
      expect(await s.rest()).toBe(401)
      expect(await s.functions()).toBe(401)
      expect(await s.realtime()).toBe('CHANNEL_ERROR')
      const { error } = await stack.client().auth.getClaims(token)
      expect(error).not.toBeNull()
    }
  })

  it('the legacy HS256 secret still verifies (the anon and service_role keys keep working)', async () => {
    const legacy = await new SignJWT({ ...decodeJwt(session.access_token) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(stack.env.jwtSecret))
    expect(await services(legacy).rest()).toBe(200)
    const { data, error } = await stack.client('service_role').auth.admin.listUsers()
    expect(error).toBeNull()
    expect(data.users.length).toBeGreaterThan(0)
  })
})
