// pg_net: queued by the transaction, sent after commit (never after rollback), results and
// failures recorded in net._http_response; webhooks post Supabase's payload to a function.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, stackEnv } from '../../support/clients.ts'

interface Hit {
  method: string
  url: string
  body: string
  headers: http.IncomingHttpHeaders
}

let server: http.Server
let base: string
const hits: Hit[] = []

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      hits.push({ method: req.method!, url: req.url!, body, headers: req.headers })
      if (req.url?.startsWith('/fail')) return res.writeHead(503).end('down')
      if (req.url?.startsWith('/slow')) return setTimeout(() => res.end('late'), 2000)
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise((r) => server.close(r)))

async function response(id: number, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { rows } = await sql().query('select * from net._http_response where id = $1', [id])
    if (rows[0]) return rows[0]
    if (Date.now() > deadline) throw new Error(`no response recorded for request ${id}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

const settle = (ms = 600) => new Promise((r) => setTimeout(r, ms))

/** Waits until no request to a URL containing `tag`, up to request `id`, is queued. */
async function queueDrainedUpTo(id: number, tag: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { rows } = await sql().query(
      `select 1 from net.http_request_queue where id <= $1 and strpos(url, $2) > 0`,
      [id, tag],
    )
    if (!rows.length) return
    if (Date.now() > deadline) throw new Error(`requests up to ${id} still queued`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('pg_net', () => {
  it('sends a committed request exactly once, with params, headers and body', async () => {
    const tag = `c${Date.now()}`
    const { rows } = await sql().query(
      `select net.http_post($1, '{"a": 1}'::jsonb, jsonb_build_object('tag', $2::text), '{"Content-Type": "application/json", "X-Test": "yes"}'::jsonb) as id`,
      [`${base}/hook`, tag],
    )
    const r = await response(Number(rows[0].id))
    expect(r).toMatchObject({ status_code: 200, content: '{"ok":true}', timed_out: false, error_msg: null })
    await settle()
    const mine = hits.filter((h) => h.url.includes(tag))
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ method: 'POST', url: `/hook?tag=${tag}`, body: '{"a": 1}' })
    expect(mine[0]!.headers['x-test']).toBe('yes')
  })

  it('never sends a request whose transaction rolled back', async () => {
    const tag = `r${Date.now()}`
    const c = await sql().connect()
    try {
      await c.query('begin')
      await c.query(`select net.http_get($1)`, [`${base}/rollback?tag=${tag}`])
      await c.query('rollback')
    } finally {
      c.release()
    }
    // Positive control: a request committed after the rollback is sent, and no older one of
    // this test is still queued (a request leaves the queue only once its answer is recorded).
    const { rows } = await sql().query(`select net.http_get($1) as id`, [`${base}/committed?tag=${tag}`])
    const control = Number(rows[0].id)
    await response(control)
    await queueDrainedUpTo(control, tag)
    expect(hits.filter((h) => h.url.includes(tag)).map((h) => h.url)).toEqual([`/committed?tag=${tag}`])
  })

  it('records a 5xx answer and a timeout', async () => {
    const { rows } = await sql().query(
      `select net.http_get($1) as fail, net.http_get($2, timeout_milliseconds => 200) as slow`,
      [`${base}/fail`, `${base}/slow`],
    )
    expect(await response(Number(rows[0].fail))).toMatchObject({ status_code: 503, content: 'down' })
    expect(await response(Number(rows[0].slow))).toMatchObject({
      status_code: null,
      timed_out: true,
      error_msg: expect.stringMatching(/Timeout of 200 ms/),
    })
  })

  it('is not callable by API roles', async () => {
    await expect(
      sql().query(`set role authenticated; select net.http_get('http://127.0.0.1/'); reset role;`),
    ).rejects.toThrow(/permission denied/)
    await sql().query('reset role')
  })
})

describe('Database Webhooks', () => {
  it('post Supabase’s payload for INSERT, UPDATE and DELETE to a function', async () => {
    const fnUrl = `${stackEnv().apiUrl}/functions/v1/echo-open`
    await sql().query(`
      drop table if exists public.webhook_items;
      create table public.webhook_items (id int primary key, name text);
      create trigger webhook_items_hook after insert or update or delete on public.webhook_items
        for each row execute function supabase_functions.http_request('${fnUrl}', 'POST', '{"Content-Type":"application/json","x-webhook-secret":"s3"}', '{}', '5000');
    `)
    await sql().query(`insert into public.webhook_items values (1, 'a')`)
    await sql().query(`update public.webhook_items set name = 'b' where id = 1`)
    await sql().query(`delete from public.webhook_items where id = 1`)
    let received: Array<{ body: Record<string, unknown>; secret: string }> = []
    for (let i = 0; i < 100 && received.filter((r) => r.body?.table === 'webhook_items').length < 3; i++) {
      await new Promise((r) => setTimeout(r, 100))
      received = (await (await fetch(`${fnUrl}/received`)).json()) as typeof received
    }
    // pg_net sends queued requests concurrently, as the real one does: arrival order is free.
    const ORDER = ['INSERT', 'UPDATE', 'DELETE']
    const mine = received
      .filter((r) => r.body?.table === 'webhook_items')
      .sort((a, b) => ORDER.indexOf(String(a.body.type)) - ORDER.indexOf(String(b.body.type)))
    expect(mine.map((r) => r.body)).toEqual([
      {
        type: 'INSERT',
        table: 'webhook_items',
        schema: 'public',
        record: { id: 1, name: 'a' },
        old_record: null,
      },
      {
        type: 'UPDATE',
        table: 'webhook_items',
        schema: 'public',
        record: { id: 1, name: 'b' },
        old_record: { id: 1, name: 'a' },
      },
      {
        type: 'DELETE',
        table: 'webhook_items',
        schema: 'public',
        record: null,
        old_record: { id: 1, name: 'b' },
      },
    ])
    expect(mine.every((r) => r.secret === 's3')).toBe(true)
    const hooks = await sql().query(
      `select count(*)::int as n from supabase_functions.hooks where hook_name = 'webhook_items_hook'`,
    )
    expect(hooks.rows[0].n).toBe(3)
    await sql().query('drop table public.webhook_items')
  })
})
