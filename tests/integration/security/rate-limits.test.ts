// Auth's per-address limits count the address the gateway believes: the socket's, or what a
// trusted proxy forwarded. A client that writes its own X-Forwarded-For changes nothing.
// A stack of its own: small limits, and 127.0.0.1 as the one trusted proxy, so requests from
// 127.0.0.2 are an untrusted client and requests from 127.0.0.1 a proxy forwarding others.
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Secret, TOTP } from 'otpauth'
import { startCustomStack, type CustomStack } from '../../support/custom-stack.ts'

let stack: CustomStack

beforeAll(async () => {
  stack = await startCustomStack({
    toml: { auth: { rate_limit: { token_verifications: 5, sign_in_sign_ups: 5 } } },
    trustedProxies: ['127.0.0.1'],
  })
})
afterAll(() => stack?.stop())

interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  body: Record<string, unknown>
}

/** A request from a chosen local address, with whatever X-Forwarded-For the caller writes. */
function send(o: {
  from: '127.0.0.1' | '127.0.0.2'
  path: string
  body?: unknown
  forwardedFor?: string
  token?: string
}): Promise<Reply> {
  const url = new URL(o.path, stack.env.apiUrl)
  const payload = o.body === undefined ? undefined : JSON.stringify(o.body)
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: payload ? 'POST' : 'GET',
        localAddress: o.from,
        headers: {
          apikey: stack.env.anonKey,
          'content-type': 'application/json',
          'x-supabase-api-version': '2024-01-01',
          ...(o.forwardedFor ? { 'x-forwarded-for': o.forwardedFor } : {}),
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        },
      },
      (res) => {
        let text = ''
        res.on('data', (c) => (text += c))
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : {} }),
        )
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

const wrongCode = (from: '127.0.0.1' | '127.0.0.2', forwardedFor?: string) =>
  send({
    from,
    path: '/auth/v1/verify',
    body: { type: 'email', email: `nobody${Math.random()}@example.com`, token: '000000' },
    forwardedFor,
  })

describe('rate limits keyed on the believed client address', () => {
  it("a client's own X-Forwarded-For does not reset token_verifications; a trusted proxy's does count", async () => {
    for (let i = 0; i < 5; i++) expect((await wrongCode('127.0.0.2', `198.51.100.${i}`)).status).toBe(403)
    const limited = await wrongCode('127.0.0.2', '198.51.100.77')
    expect(limited.status).toBe(429)
    expect(limited.body).toMatchObject({ code: 'over_request_rate_limit', msg: 'Request rate limit reached' })
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect((await wrongCode('127.0.0.2')).status).toBe(429)
    // Positive control: the trusted proxy forwarding another client is counted for that client.
    expect((await wrongCode('127.0.0.1', '203.0.113.50')).status).toBe(403)
  })

  it('behind the trusted proxy each forwarded client has its own window', async () => {
    for (let i = 0; i < 5; i++) expect((await wrongCode('127.0.0.1', '203.0.113.1')).status).toBe(403)
    expect((await wrongCode('127.0.0.1', '203.0.113.1')).status).toBe(429)
    // What the client itself prepended is not believed: the proxy's last hop is the client.
    expect((await wrongCode('127.0.0.1', '203.0.113.2, 203.0.113.1')).status).toBe(429)
    expect((await wrongCode('127.0.0.1', '203.0.113.2')).status).toBe(403)
  })

  it('sign_in_sign_ups limits password sign-ins per address', async () => {
    const signIn = () =>
      send({
        from: '127.0.0.1',
        forwardedFor: '203.0.113.20',
        path: '/auth/v1/token?grant_type=password',
        body: { email: 'nobody@example.com', password: 'wrong-password' },
      })
    for (let i = 0; i < 5; i++) expect((await signIn()).body).toMatchObject({ code: 'invalid_credentials' })
    expect((await signIn()).status).toBe(429)
  })

  it('MFA challenges: 30 in a burst, then 429 (GoTrue: 15 a minute, bursts of 30)', async () => {
    const admin = stack.client('service_role')
    const email = `mfa${Date.now()}@example.com`
    await admin.auth.admin.createUser({ email, password: 'mfa-pw-1234', email_confirm: true })
    const from = { from: '127.0.0.1' as const, forwardedFor: '203.0.113.30' }
    const session = await send({
      ...from,
      path: '/auth/v1/token?grant_type=password',
      body: { email, password: 'mfa-pw-1234' },
    })
    const token = session.body.access_token as string
    const factor = await send({ ...from, token, path: '/auth/v1/factors', body: { factor_type: 'totp' } })
    const factorId = factor.body.id as string
    const statuses: number[] = []
    for (let i = 0; i < 31; i++)
      statuses.push(
        (await send({ ...from, token, path: `/auth/v1/factors/${factorId}/challenge`, body: {} })).status,
      )
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true)
    expect(statuses[30]).toBe(429)
    // The challenge is also bound to the address that asked for it.
    const code = new TOTP({
      secret: Secret.fromBase32((factor.body.totp as { secret: string }).secret),
    }).generate()
    const other = { from: '127.0.0.1' as const, forwardedFor: '203.0.113.31' }
    const ch = await send({ ...other, token, path: `/auth/v1/factors/${factorId}/challenge`, body: {} })
    const elsewhere = await send({
      from: '127.0.0.1',
      forwardedFor: '203.0.113.32',
      token,
      path: `/auth/v1/factors/${factorId}/verify`,
      body: { challenge_id: ch.body.id, code },
    })
    expect(elsewhere.status).toBe(422)
    expect(elsewhere.body).toMatchObject({ code: 'mfa_ip_address_mismatch' })
  })
})
