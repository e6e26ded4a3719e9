// Bulk moves (public.move_orders): each order moves with its own version through the same
// lifecycle rules as a single move, the answer says per order what happened, nothing half
// done is hidden, and every moved order's customer gets exactly one email.
import type { SupabaseClient } from '@supabase/supabase-js'
import { beforeAll, describe, expect, it } from 'vitest'
import { listMail, waitForMail } from '../../support/mail.ts'
import {
  type OrderRow,
  type Person,
  PASSWORD,
  anonClient,
  makeCustomer,
  makeOrder,
  makeUser,
  moveOrder,
  signedInClient,
  sql,
  unique,
} from './fixtures.ts'

interface Outcome {
  id: string
  number: string | null
  outcome: 'moved' | 'stale' | 'not_allowed' | 'not_found'
  status: string | null
  version: number | null
  message: string
}

let admin: Person
let rival: Person

beforeAll(async () => {
  admin = await makeUser('admin', 'bulk-admin')
  rival = await makeUser('admin', 'bulk-rival')
})

/** Customers without sign-in accounts (one per order, so each inbox tells one order's story). */
async function customers(n: number): Promise<{ id: string; email: string }[]> {
  const tag = unique('bulk')
  const { rows } = await sql().query<{ id: string; email: string }>(
    `insert into customers (name, email)
     select 'Bulk ' || i, $1 || '-' || i || '@example.test' from generate_series(1, $2::int) i
     returning id, email`,
    [tag, n],
  )
  return rows
}

async function pendingOrders(n: number) {
  const people = await customers(n)
  const orders = await Promise.all(people.map((p) => makeOrder(admin.client, p.id)))
  return orders.map((order, i) => ({ order, email: people[i]!.email }))
}

const ref = (o: OrderRow) => ({ id: o.id, version: o.version })

async function moveOrders(c: SupabaseClient, orders: object[], toStatus: string) {
  return c.rpc('move_orders', { orders, to_status: toStatus }) as unknown as Promise<{
    data: Outcome[] | null
    error: { code: string; message: string } | null
  }>
}

async function statusOf(id: string): Promise<{ status: string; version: number }> {
  const { rows } = await sql().query(`select status, version from orders where id = $1`, [id])
  return rows[0]
}

async function confirmedEmails(email: string, number: string) {
  return (await listMail(email)).filter((m) => m.subject.includes(`Order ${number} is now confirmed`))
}

describe('a bulk move of a mixed selection', () => {
  it('reports each order: moved, stale, not allowed from its status, not found', async () => {
    const [fresh, edited, delivered, processing] = await pendingOrders(4)
    const changed = await sql().query<OrderRow>(
      `update orders set notes = 'changed meanwhile' where id = $1 returning *`,
      [edited!.order.id],
    )
    let done = delivered!.order
    for (const s of ['confirmed', 'processing', 'shipped', 'out_for_delivery', 'delivered'])
      done = await moveOrder(admin.client, done, s)
    const inProcessing = await moveOrder(
      admin.client,
      await moveOrder(admin.client, processing!.order, 'confirmed'),
      'processing',
    )
    const ghost = '00000000-0000-4000-8000-00000000b0b0'
    const before = (await sql().query(`select max(id) as id from order_events`)).rows[0].id

    const { data, error } = await moveOrders(
      admin.client,
      [ref(fresh!.order), ref(edited!.order), ref(done), ref(inProcessing), { id: ghost, version: 1 }],
      'confirmed',
    )
    expect(error).toBeNull()
    expect(data!.map((r) => [r.id, r.outcome, r.status, r.version])).toEqual([
      [fresh!.order.id, 'moved', 'confirmed', fresh!.order.version + 1],
      [edited!.order.id, 'stale', 'pending', changed.rows[0]!.version],
      [done.id, 'not_allowed', 'delivered', done.version],
      [inProcessing.id, 'not_allowed', 'processing', inProcessing.version],
      [ghost, 'not_found', null, null],
    ])
    expect(data![1]!.message).toMatch(/changed by someone else/)
    expect(data![2]!.message).toMatch(/it is closed/)
    expect(data![3]!.message).toMatch(/next: shipped or cancelled/)

    // The database agrees: only the first moved, the others are as they were.
    expect(await statusOf(fresh!.order.id)).toEqual({
      status: 'confirmed',
      version: fresh!.order.version + 1,
    })
    expect(await statusOf(edited!.order.id)).toEqual({ status: 'pending', version: changed.rows[0]!.version })
    expect(await statusOf(done.id)).toEqual({ status: 'delivered', version: done.version })

    // One email for the moved order (the positive control), none for the others.
    await waitForMail({ to: fresh!.email, subject: `Order ${fresh!.order.number} is now confirmed` })
    const { rows } = await sql().query(
      `select order_id from order_events where kind = 'status_changed' and id > $2 and order_id = any ($1)`,
      [[fresh!.order.id, edited!.order.id, done.id, inProcessing.id], before],
    )
    expect(rows.map((r) => r.order_id)).toEqual([fresh!.order.id])
    expect(await confirmedEmails(edited!.email, edited!.order.number)).toEqual([])
  })

  it('sends exactly one email per moved order (20 orders)', async () => {
    const batch = await pendingOrders(20)
    const { data, error } = await moveOrders(
      admin.client,
      batch.map((b) => ref(b.order)),
      'confirmed',
    )
    expect(error).toBeNull()
    expect(data!.every((r) => r.outcome === 'moved')).toBe(true)
    await Promise.all(
      batch.map((b) => waitForMail({ to: b.email, subject: `Order ${b.order.number} is now confirmed` })),
    )
    // Every outbox row settled, then no inbox holds a second copy.
    const { rows } = await sql().query(
      `select n.status, count(*)::int as n from notifications n join order_events e on e.id = n.event_id
        where e.to_status = 'confirmed' and e.order_id = any ($1) group by n.status`,
      [batch.map((b) => b.order.id)],
    )
    expect(rows).toEqual([{ status: 'sent', n: 20 }])
    for (const b of batch) expect(await confirmedEmails(b.email, b.order.number)).toHaveLength(1)
  })

  it('lets two admins move the same orders at once: each order moves once, the other hears "stale"', async () => {
    const batch = (await pendingOrders(8)).map((b) => ref(b.order))
    const [mine, theirs] = await Promise.all([
      moveOrders(admin.client, batch, 'confirmed'),
      moveOrders(rival.client, [...batch].reverse(), 'cancelled'),
    ])
    expect(mine.error).toBeNull()
    expect(theirs.error).toBeNull()
    for (const { id } of batch) {
      const outcomes = [mine, theirs].map((r) => r.data!.find((x) => x.id === id)!.outcome).sort()
      expect(outcomes).toEqual(['moved', 'stale'])
    }
  })
})

describe('bulk moves refused whole', () => {
  it('to an admin at aal1 and to a customer (42501), moving nothing; the admin at aal2 may', async () => {
    const [{ order }] = await pendingOrders(1)
    const aal1 = await signedInClient(admin.email, PASSWORD)
    const customer = await makeCustomer('bulk-cust')
    for (const c of [aal1, customer.client]) {
      const { error } = await moveOrders(c, [ref(order!)], 'confirmed')
      expect(error).toMatchObject({ code: '42501', message: 'Only admins can move orders.' })
    }
    expect(
      (await anonClient().rpc('move_orders', { orders: [ref(order!)], to_status: 'confirmed' })).error?.code,
    ).toBe('42501')
    expect(await statusOf(order!.id)).toMatchObject({ status: 'pending' })
    expect((await moveOrders(admin.client, [ref(order!)], 'confirmed')).data![0]!.outcome).toBe('moved')
  })

  it('for a malformed list, a repeated order or more than 500 (22023), moving nothing', async () => {
    const [{ order }] = await pendingOrders(1)
    const bad = [
      [ref(order!), { id: 'not-a-uuid', version: 1 }],
      [ref(order!), ref(order!)],
      [{ id: order!.id }],
      [],
    ]
    for (const orders of bad) {
      expect((await moveOrders(admin.client, orders, 'confirmed')).error?.code).toBe('22023')
    }
    const many = Array.from({ length: 501 }, (_, i) => ({ id: crypto.randomUUID(), version: i + 1 }))
    expect((await moveOrders(admin.client, many, 'confirmed')).error?.code).toBe('22023')
    expect(await statusOf(order!.id)).toMatchObject({ status: 'pending', version: order!.version })
  })
})
