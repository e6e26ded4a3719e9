// The CSV export (the `export-orders` edge function): the dashboard's filtered list, every
// page, streamed as it is read, for admins at aal2 only, safe to open in a spreadsheet.
import type { SupabaseClient } from '@supabase/supabase-js'
import { beforeAll, describe, expect, it } from 'vitest'
import { stackEnv } from '../../support/clients.ts'
import { parseCsv } from '../../support/csv.ts'
import { placeOrder } from './desk-fixtures.ts'
import {
  type CustomerPerson,
  type Person,
  PASSWORD,
  arrange,
  makeCustomer,
  makeUser,
  signedInClient,
  sql,
  unique,
} from './fixtures.ts'

const HEADER = [
  'Number',
  'Customer name',
  'Customer email',
  'Status',
  'Total',
  'Currency',
  'Created (UTC)',
  'Updated (UTC)',
  'Carrier',
  'Tracking number',
  'ETA',
]
const ORDERS = 10_000
// Long names make the file (about 4 MB) far bigger than what sockets and proxies buffer, so
// the streaming test below cannot pass by the whole file sitting in a buffer.
const padding = 'x'.repeat(150)

let admin: Person
let customer: CustomerPerson
let tag: string

const token = async (c: SupabaseClient) => (await c.auth.getSession()).data.session!.access_token

function exportCsv(bearer: string, body: object = {}): Promise<Response> {
  const env = stackEnv()
  return fetch(`${env.apiUrl}/functions/v1/export-orders`, {
    method: 'POST',
    headers: { apikey: env.anonKey, authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

async function rowsOf(res: Response): Promise<string[][]> {
  expect(res.status).toBe(200)
  const bytes = Buffer.from(await res.arrayBuffer())
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // the byte order mark, so Excel reads UTF-8
  const [header, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'))
  expect(header).toEqual(HEADER)
  return rows
}

beforeAll(async () => {
  admin = await makeUser('admin', 'export-admin')
  customer = await makeCustomer('export-cust')
  tag = unique('exp')
  await arrange(
    `with people as (
       insert into customers (name, email)
       select 'Customer ' || $1 || ' ' || i || ' ' || $3, $1 || '-' || i || '-' || $3 || '@example.test'
         from generate_series(1, 20) i
       returning id)
     insert into orders (customer_id, status, currency, total_cents, carrier, tracking_number, estimated_delivery,
                         created_at, updated_at)
     select (array_agg(p.id))[1 + i % 20], (enum_range(null::order_status))[1 + i % 7], case when i % 3 = 0 then 'EUR' else 'USD' end,
            i * 101, case when i % 2 = 0 then 'DHL' end, case when i % 2 = 0 then 'TRK' || i end,
            case when i % 2 = 0 then date '2026-12-01' + i % 30 end,
            now() - make_interval(mins => i), now() - make_interval(mins => i)
       from generate_series(1, $2::int) i, people p
      group by i`,
    [tag, ORDERS, padding],
  )
})

describe('the CSV export for an admin', () => {
  it('streams all 10,000 orders of the filtered list, newest first, with the right columns', async () => {
    const res = await exportCsv(await token(admin.client), { search: tag })
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="orders-\d{4}-\d{2}-\d{2}\.csv"$/,
    )
    expect(res.headers.get('content-length')).toBeNull() // streamed, not measured up front
    const rows = await rowsOf(res)
    expect(rows).toHaveLength(ORDERS)

    const { rows: truth } = await sql().query(
      `select number, customer_name, customer_email, status, total_cents, currency,
              to_char(created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') as created,
              to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') as updated,
              coalesce(carrier, '') as carrier, coalesce(tracking_number, '') as tracking,
              coalesce(estimated_delivery::text, '') as eta
         from order_list where customer_name like $1 order by created_at desc, id desc`,
      [`Customer ${tag} %`],
    )
    const expected = truth.map((t) => [
      t.number,
      t.customer_name,
      t.customer_email,
      t.status,
      (Number(t.total_cents) / 100).toFixed(2),
      t.currency,
      t.created,
      t.updated,
      t.carrier,
      t.tracking,
      t.eta,
    ])
    expect(rows).toEqual(expected)
  })

  it('exports only what the filter says: status and customer', async () => {
    const byStatus = await rowsOf(
      await exportCsv(await token(admin.client), { search: tag, status: 'shipped' }),
    )
    expect(byStatus.length).toBeGreaterThan(0)
    expect(byStatus.every((r) => r[3] === 'shipped')).toBe(true)
    const { rows } = await sql().query(
      `select count(*)::int n from order_list where customer_name like $1 and status = 'shipped'`,
      [`Customer ${tag} %`],
    )
    expect(byStatus).toHaveLength(rows[0].n)

    await placeOrder(customer.customerId, 'UTC', { status: 'pending', totalCents: 4242 })
    const own = await rowsOf(await exportCsv(await token(admin.client), { customer_id: customer.customerId }))
    expect(own.map((r) => [r[2], r[4]])).toEqual([[customer.email, '42.42']])
  })

  it('writes each page as it is read: an order added after the first rows arrived is still in the file', async () => {
    const res = await exportCsv(await token(admin.client), { search: tag })
    const reader = res.body!.getReader()
    const first = await reader.read()
    expect(first.done).toBe(false)
    // Placed before every other order of the list, so it belongs on the last page.
    const late = await arrange<{ number: string }>(
      `insert into orders (customer_id, created_at, updated_at)
       select id, now() - interval '1 year', now() - interval '1 year' from customers where name like $1 limit 1
       returning number`,
      [`Customer ${tag} %`],
    )
    const chunks = [Buffer.from(first.value!)]
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(Buffer.from(r.value))
    const rows = parseCsv(Buffer.concat(chunks).subarray(3).toString('utf8')).slice(1)
    expect(rows.at(-1)![0]).toBe(late.number)
    expect(rows).toHaveLength(ORDERS + 1)
  })

  it('keeps every cell text: no formulas, quotes and line breaks intact', async () => {
    const hostile = [
      '=HYPERLINK("http://evil.example","Click")',
      '+1 555 0100',
      '@SUM(A1)',
      'Smith, "Jr"\nSecond line',
    ]
    const ids: string[] = []
    for (const name of hostile) {
      const { rows } = await sql().query(`insert into customers (name, email) values ($1, $2) returning id`, [
        `${name} ${tag}`,
        `${unique('hostile')}@example.test`,
      ])
      ids.push(rows[0].id)
      await placeOrder(rows[0].id, 'UTC', { status: 'pending' })
    }
    const names = []
    for (const id of ids)
      names.push((await rowsOf(await exportCsv(await token(admin.client), { customer_id: id })))[0]![1])
    expect(names).toEqual([
      `'=HYPERLINK("http://evil.example","Click") ${tag}`,
      `'+1 555 0100 ${tag}`,
      `'@SUM(A1) ${tag}`,
      `Smith, "Jr"\nSecond line ${tag}`,
    ])
  })

  it('answers 400 for a filter it does not understand', async () => {
    const res = await exportCsv(await token(admin.client), { status: 'lost' })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ code: 'bad_request' })
  })
})

describe('the CSV export refused', () => {
  it('to a customer, to an admin at aal1 and to the anon key (403); the admin at aal2 gets it', async () => {
    const aal1 = await signedInClient(admin.email, PASSWORD)
    for (const bearer of [await token(customer.client), await token(aal1), stackEnv().anonKey]) {
      const res = await exportCsv(bearer, { customer_id: customer.customerId })
      expect(res.status).toBe(403)
      expect(await res.json()).toEqual({ code: 'not_admin', message: 'Only admins can export orders.' })
    }
    expect((await exportCsv(await token(admin.client), { customer_id: customer.customerId })).status).toBe(
      200,
    )
  })

  it('without a token (401, before the function runs)', async () => {
    const res = await fetch(`${stackEnv().apiUrl}/functions/v1/export-orders`, {
      method: 'POST',
      headers: { apikey: stackEnv().anonKey },
    })
    expect(res.status).toBe(401)
  })
})
