import { describe, expect, it } from 'vitest'
import { stackEnv, unique } from '../../support/clients.ts'
import { listMail, waitForMail } from '../../support/mail.ts'

const KEY = 're_local_mail_sink_key'

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(new URL(path, stackEnv().mailUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
}

const valid = (to: string) => ({
  from: 'Desk <desk@example.com>',
  to,
  subject: 'Your order',
  html: '<p>Hi</p>',
  text: 'Hi',
})

describe('mail sink: the Resend API', () => {
  it('accepts a valid message, returns its id and keeps it for GET /emails/{id} and the JSON listing', async () => {
    const to = `${unique('m')}@example.com`
    const res = await post('/emails', valid(to))
    expect(res.status).toBe(200)
    const { id } = (await res.json()) as { id: string }
    const got = await fetch(new URL(`/emails/${id}`, stackEnv().mailUrl), {
      headers: { authorization: `Bearer ${KEY}` },
    })
    expect(await got.json()).toMatchObject({
      object: 'email',
      id,
      to: [to],
      subject: 'Your order',
      last_event: 'delivered',
    })
    const listed = await waitForMail({ to })
    expect(listed).toMatchObject({
      id,
      from: 'Desk <desk@example.com>',
      html: '<p>Hi</p>',
      text: 'Hi',
      source: 'api',
    })
  })

  it.each([
    [{ to: 'a@example.com', subject: 's', text: 't' }, 'missing_required_field', /from/],
    [{ from: 'd@example.com', subject: 's', text: 't' }, 'missing_required_field', /to/],
    [{ from: 'd@example.com', to: 'a@example.com', text: 't' }, 'missing_required_field', /subject/],
    [{ from: 'd@example.com', to: 'not-an-address', subject: 's', text: 't' }, 'validation_error', /to/],
  ])('refuses %j with 422 in Resend shape', async (body, name, message) => {
    const before = (await listMail()).length
    const res = await post('/emails', body)
    expect(res.status).toBe(422)
    const json = (await res.json()) as { statusCode: number; name: string; message: string }
    expect(json).toMatchObject({ statusCode: 422, name })
    expect(json.message).toMatch(message)
    expect((await listMail()).length).toBe(before)
  })

  it('requires the API key: 401 without, 403 with a wrong one', async () => {
    const none = await fetch(new URL('/emails', stackEnv().mailUrl), { method: 'POST', body: '{}' })
    expect(none.status).toBe(401)
    expect(await none.json()).toMatchObject({ name: 'missing_api_key' })
    const wrong = await post('/emails', valid('x@example.com'), { authorization: 'Bearer re_wrong' })
    expect(wrong.status).toBe(403)
    expect(await wrong.json()).toMatchObject({ name: 'invalid_api_key' })
  })

  it('honours Idempotency-Key: same key and body give the same id and one message; another body is refused', async () => {
    const to = `${unique('idem')}@example.com`
    const key = unique('key')
    const first = (await (await post('/emails', valid(to), { 'idempotency-key': key })).json()) as {
      id: string
    }
    const again = (await (await post('/emails', valid(to), { 'idempotency-key': key })).json()) as {
      id: string
    }
    expect(again.id).toBe(first.id)
    expect(await listMail(to)).toHaveLength(1)
    const other = await post('/emails', { ...valid(to), subject: 'changed' }, { 'idempotency-key': key })
    expect(other.status).toBe(409)
    expect(await other.json()).toMatchObject({ name: 'invalid_idempotent_request' })
  })

  it('sends a batch atomically: every message or none', async () => {
    const a = `${unique('ba')}@example.com`
    const b = `${unique('bb')}@example.com`
    const ok = await post('/emails/batch', [valid(a), valid(b)])
    expect(ok.status).toBe(200)
    expect(((await ok.json()) as { data: unknown[] }).data).toHaveLength(2)
    const c = `${unique('bc')}@example.com`
    const bad = await post('/emails/batch', [valid(c), { ...valid(c), from: undefined }])
    expect(bad.status).toBe(422)
    expect(await listMail(c)).toHaveLength(0)
  })

  it('fails the next requests on demand (fault injection) and then recovers', async () => {
    // `match` limits the fault to requests whose Idempotency-Key contains it, so emails other
    // test files send meanwhile are not the ones that fail.
    const match = unique('fault')
    const plan = await post('/api/failures', { count: 1, status: 429, retryAfter: 2, match })
    expect(plan.status).toBe(200)
    expect(
      (await post('/emails', valid('other@example.com'), { 'idempotency-key': unique('x') })).status,
    ).toBe(200)
    const failed = await post('/emails', valid('f@example.com'), { 'idempotency-key': `${match}-1` })
    expect(failed.status).toBe(429)
    expect(failed.headers.get('retry-after')).toBe('2')
    expect(await failed.json()).toMatchObject({ name: 'rate_limit_exceeded' })
    expect((await post('/emails', valid('f@example.com'), { 'idempotency-key': `${match}-2` })).status).toBe(
      200,
    )
  })

  it('shows the inbox and a message as HTML, escaping what the message contains', async () => {
    const to = `${unique('page')}@example.com`
    const { id } = (await (
      await post('/emails', { ...valid(to), subject: '<script>x</script>' })
    ).json()) as { id: string }
    const list = await (await fetch(new URL(`/?to=${to}`, stackEnv().mailUrl))).text()
    expect(list).toContain('&lt;script&gt;x&lt;/script&gt;')
    expect(list).not.toContain('<script>x')
    const page = await fetch(new URL(`/messages/${id}`, stackEnv().mailUrl))
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    const html = await page.text()
    expect(html).toContain('<iframe title="HTML part" sandbox srcdoc="&lt;p&gt;Hi&lt;/p&gt;"')
    expect(html).toContain('<pre>Hi</pre>')
  })
})
