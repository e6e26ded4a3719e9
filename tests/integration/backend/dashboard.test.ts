// The dashboard's numbers come from the database (public.dashboard) under the caller's RLS:
// counts per status, orders and revenue per currency today and over 7 days in the shop's
// time zone, what needs attention, and 14 days of orders per day. An admin (aal2) sees the
// desk, a customer their own orders only, an admin at aal1 nothing.
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Dashboard, type PlacedRow, placeOrder, zoneJustPastMidnight } from './desk-fixtures.ts'
import {
  type CustomerPerson,
  type Person,
  PASSWORD,
  anonClient,
  arrange,
  makeCustomer,
  makeUser,
  signedInClient,
  sql,
} from './fixtures.ts'

let admin: Person
let aal1: SupabaseClient
let alice: CustomerPerson
let bob: CustomerPerson
const zone = zoneJustPastMidnight()
const placed: Record<string, PlacedRow> = {}

async function dashboard(c: SupabaseClient, args: object = {}): Promise<Dashboard> {
  const { data, error } = await c.rpc('dashboard', args)
  if (error) throw new Error(`dashboard: ${error.message}`)
  return data as Dashboard
}

async function setSettings(c: SupabaseClient, values: object) {
  return c.from('desk_settings').update(values).eq('id', true).select()
}

beforeAll(async () => {
  admin = await makeUser('admin', 'dash-admin')
  aal1 = await signedInClient(admin.email, PASSWORD)
  alice = await makeCustomer('dash-alice')
  bob = await makeCustomer('dash-bob')
  const { error } = await setSettings(admin.client, { time_zone: zone, pending_alert_minutes: 1440 })
  expect(error).toBeNull()

  const a = alice.customerId
  placed.fresh = await placeOrder(a, zone, { ago: '10 minutes', status: 'pending', totalCents: 1000 })
  placed.cancelled = await placeOrder(a, zone, { ago: '20 minutes', status: 'cancelled', totalCents: 5000 })
  placed.euro = await placeOrder(a, zone, {
    ago: '30 minutes',
    status: 'confirmed',
    currency: 'EUR',
    totalCents: 700,
  })
  placed.lateYesterday = await placeOrder(a, zone, {
    ago: '3 hours 30 minutes',
    status: 'confirmed',
    totalCents: 100,
  })
  placed.emailFailed = await placeOrder(a, zone, {
    day: -2,
    status: 'processing',
    totalCents: 1500,
    etaDay: 0,
  })
  placed.late = await placeOrder(a, zone, { day: -3, status: 'shipped', totalCents: 2000, etaDay: -2 })
  placed.delivered = await placeOrder(a, zone, {
    day: -10,
    status: 'delivered',
    totalCents: 3000,
    etaDay: -5,
  })
  placed.forgotten = await placeOrder(a, zone, { day: -20, status: 'pending', totalCents: 4000 })
  await placeOrder(bob.customerId, zone, { ago: '5 minutes', status: 'pending', totalCents: 999 })
  const { rows } = await sql().query(
    `insert into order_events (order_id, kind) values ($1, 'created') returning id`,
    [placed.emailFailed!.id],
  )
  await arrange(
    `insert into notifications (event_id, order_id, recipient, status, attempts, last_error)
     values ($1, $2, $3, 'failed', 3, 'mailbox unavailable')`,
    [rows[0].id, placed.emailFailed!.id, alice.email],
  )
})

afterAll(async () => {
  await setSettings(admin.client, { time_zone: 'UTC', pending_alert_minutes: 1440 })
})

const none = {
  pending: 0,
  confirmed: 0,
  processing: 0,
  shipped: 0,
  out_for_delivery: 0,
  delivered: 0,
  cancelled: 0,
}

describe('the dashboard for one customer, as an admin', () => {
  it('counts every status, zeros included', async () => {
    const d = await dashboard(admin.client, { customer_id: alice.customerId })
    expect(d.counts).toEqual({
      ...none,
      pending: 2,
      confirmed: 2,
      processing: 1,
      shipped: 1,
      delivered: 1,
      cancelled: 1,
    })
  })

  it('counts orders placed today and in the last 7 shop days, revenue per currency without cancelled orders', async () => {
    const d = await dashboard(admin.client, { customer_id: alice.customerId })
    expect(d.time_zone).toBe(zone)
    expect(d.orders_today).toEqual({
      orders: 3,
      revenue: [
        { currency: 'USD', cents: 1000 },
        { currency: 'EUR', cents: 700 },
      ],
    })
    expect(d.orders_last_7_days).toEqual({
      orders: 6,
      revenue: [
        { currency: 'USD', cents: 1000 + 100 + 1500 + 2000 },
        { currency: 'EUR', cents: 700 },
      ],
    })
  })

  it('draws 14 shop days ending today, each order on the day it was placed, by its status now', async () => {
    const d = await dashboard(admin.client, { customer_id: alice.customerId })
    expect(d.per_day).toHaveLength(14)
    expect(d.per_day.at(-1)!.day).toBe(d.today)
    const byDay = (back: number) => d.per_day[13 - back]!
    expect(byDay(0)).toMatchObject({
      total: 3,
      by_status: { ...none, pending: 1, confirmed: 1, cancelled: 1 },
    })
    expect(byDay(1)).toMatchObject({ total: 1, by_status: { ...none, confirmed: 1 } })
    expect(byDay(2).by_status.processing).toBe(1)
    expect(byDay(3).by_status.shipped).toBe(1)
    expect(byDay(10).by_status.delivered).toBe(1)
    expect(d.per_day.reduce((n, x) => n + x.total, 0)).toBe(7) // the 20-day-old order is off the chart
  })

  it('lists what needs attention: pending too long, a failed email, past the ETA; oldest first', async () => {
    const d = await dashboard(admin.client, { customer_id: alice.customerId })
    expect(d.attention).toMatchObject({ pending_too_long: 1, email_failed: 1, past_eta: 1 })
    expect(d.attention.orders.map((o) => [o.number, o.reason])).toEqual([
      [placed.forgotten!.number, 'pending_too_long'],
      [placed.late!.number, 'past_eta'],
      [placed.emailFailed!.number, 'email_failed'],
    ])
    expect(d.attention.orders[0]!.customer_name).toBe('Customer dash-alice')
  })

  it('takes "pending too long" from the settings admins edit', async () => {
    expect((await setSettings(admin.client, { pending_alert_minutes: 5 })).error).toBeNull()
    const d = await dashboard(admin.client, { customer_id: alice.customerId })
    expect(d.pending_alert_minutes).toBe(5)
    expect(d.attention.pending_too_long).toBe(2) // the 10-minute-old order too
    await setSettings(admin.client, { pending_alert_minutes: 1440 })
  })
})

describe('the whole desk, as an admin', () => {
  it('matches the tables counted by the superuser in the same snapshot', async () => {
    const c = await sql().connect()
    try {
      await c.query('begin isolation level repeatable read')
      const truth = await c.query<{ status: string; n: string }>(
        `select status, count(*) n from orders group by status`,
      )
      const failed = await c.query<{ n: string }>(
        `select count(distinct order_id) n from notifications where status = 'failed'`,
      )
      await c.query(`set local role authenticated`)
      await c.query(`select set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({
          sub: admin.userId,
          role: 'authenticated',
          aal: 'aal2',
          app_metadata: { role: 'admin' },
        }),
      ])
      const { rows } = await c.query<{ d: Dashboard }>(`select public.dashboard() d`)
      await c.query('rollback')
      expect(rows[0]!.d.counts).toEqual({
        ...none,
        ...Object.fromEntries(truth.rows.map((r) => [r.status, Number(r.n)])),
      })
      expect(rows[0]!.d.attention.email_failed).toBe(Number(failed.rows[0]!.n))
    } finally {
      c.release()
    }
  })
})

describe('the dashboard under RLS', () => {
  it('gives a customer their own orders only, and no outbox', async () => {
    const asAdmin = await dashboard(admin.client, { customer_id: alice.customerId })
    const own = await dashboard(alice.client)
    expect(own.counts).toEqual(asAdmin.counts)
    // The shop's settings are the admins': a customer's days are UTC days.
    expect(own.time_zone).toBe('UTC')
    expect(own.per_day.reduce((n, x) => n + x.total, 0)).toBe(7)
    expect(own.attention).toMatchObject({ pending_too_long: 1, past_eta: 1, email_failed: 0 })
    expect((await dashboard(bob.client)).counts).toEqual({ ...none, pending: 1 })
  })

  it('gives a customer nothing of another customer’s, even when asked by id', async () => {
    const d = await dashboard(bob.client, { customer_id: alice.customerId })
    expect(d.counts).toEqual(none)
    expect(d.orders_last_7_days).toEqual({ orders: 0, revenue: [] })
    expect(d.attention.orders).toEqual([])
  })

  it('gives an admin at aal1 no admin data (nor the settings); the same admin at aal2 sees it', async () => {
    const stolen = await dashboard(aal1, { customer_id: alice.customerId })
    expect(stolen.counts).toEqual(none)
    expect(stolen.per_day.every((x) => x.total === 0)).toBe(true)
    expect(stolen.time_zone).toBe('UTC') // the defaults: the settings row is not theirs to read
    expect((await dashboard(admin.client, { customer_id: alice.customerId })).counts.pending).toBe(2)
  })

  it('is not callable without signing in', async () => {
    const { error } = await anonClient().rpc('dashboard')
    expect(error?.code).toBe('42501')
  })
})

describe('the desk settings', () => {
  it('are read and changed by admins at aal2 only', async () => {
    for (const c of [aal1, alice.client]) {
      expect((await c.from('desk_settings').select()).data).toEqual([])
      const tried = await setSettings(c, { pending_alert_minutes: 7 })
      expect(tried.data).toEqual([])
    }
    const { data } = await admin.client.from('desk_settings').select('pending_alert_minutes, time_zone')
    expect(data).toEqual([{ pending_alert_minutes: 1440, time_zone: zone }])
  })

  it('refuse an unknown time zone and a threshold out of range with a clear error', async () => {
    const zoneError = (await setSettings(admin.client, { time_zone: 'Mars/Olympus_Mons' })).error
    expect(zoneError).toMatchObject({ code: '22023', message: 'Unknown time zone: Mars/Olympus_Mons.' })
    expect((await setSettings(admin.client, { pending_alert_minutes: 1 })).error?.code).toBe('23514')
  })
})
