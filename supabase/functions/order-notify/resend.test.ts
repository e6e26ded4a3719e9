// sendEmail through the real Resend SDK against a local HTTP server speaking Resend's API:
// what the retry policy gets from each kind of answer.
import assert from 'node:assert/strict'
import { Resend } from 'resend'
import { sendEmail } from './resend.ts'

const email = {
  from: 'Shop <orders@example.com>',
  to: ['a@example.com'],
  subject: 'Hi',
  html: '<p>Hi</p>',
  text: 'Hi',
}

interface Seen {
  headers: Headers
  body: string
}

async function withServer(answer: () => Response, fn: (resend: Resend, seen: Seen[]) => Promise<void>) {
  const seen: Seen[] = []
  const server = Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: () => {} }, async (req) => {
    seen.push({ headers: req.headers, body: await req.text() })
    return answer()
  })
  try {
    await fn(new Resend('re_test', { baseUrl: `http://127.0.0.1:${server.addr.port}` }), seen)
  } finally {
    await server.shutdown()
  }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

Deno.test('a send carries the Idempotency-Key, the API key and the headers; the id comes back', async () => {
  await withServer(
    () => json(200, { id: 'em_1' }),
    async (resend, seen) => {
      const r = await sendEmail(
        resend,
        { ...email, headers: { 'List-Unsubscribe': '<https://x/u>' } },
        'key-1',
      )
      assert.deepEqual(r, { ok: true, value: 'em_1' })
      assert.equal(seen[0]!.headers.get('idempotency-key'), 'key-1')
      assert.equal(seen[0]!.headers.get('authorization'), 'Bearer re_test')
      assert.deepEqual(JSON.parse(seen[0]!.body).headers, { 'List-Unsubscribe': '<https://x/u>' })
    },
  )
})

Deno.test('429 is retryable with its Retry-After; 422 is not', async () => {
  const limited = { statusCode: 429, name: 'rate_limit_exceeded', message: 'Too many requests' }
  await withServer(
    () => json(429, limited, { 'retry-after': '2' }),
    async (resend) => {
      assert.deepEqual(await sendEmail(resend, email, 'k'), {
        ok: false,
        retryable: true,
        error: 'Resend 429 rate_limit_exceeded: Too many requests',
        retryAfter: '2',
      })
    },
  )
  await withServer(
    () => json(422, { statusCode: 422, name: 'validation_error', message: 'Invalid `to` field.' }),
    async (resend) => {
      const r = await sendEmail(resend, email, 'k')
      assert.equal(r.ok, false)
      assert.equal(!r.ok && r.retryable, false)
    },
  )
})

Deno.test('no answer at all, or a 502 page that is not JSON, is worth another try', async () => {
  await withServer(
    () => new Response('<html>Bad gateway</html>', { status: 502 }),
    async (resend) => {
      const r = await sendEmail(resend, email, 'k')
      assert.equal(!r.ok && r.retryable, true)
    },
  )
  const refused = new Resend('re_test', { baseUrl: 'http://127.0.0.1:9' })
  const r = await sendEmail(refused, email, 'k')
  assert.deepEqual(r, {
    ok: false,
    retryable: true,
    error: 'network: Unable to fetch data. The request could not be resolved.',
  })
})
