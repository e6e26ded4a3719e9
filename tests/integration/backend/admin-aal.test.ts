// A stolen admin password alone (a session at aal1, no TOTP) reaches nothing beyond a
// customer's view: not the RPCs, the order list, the invite-customer function or Realtime.
// Each attack runs beside the same admin at aal2, who may (the positive control). The tables
// themselves are the "admin at aal1" row of rls.test.ts.
import type { SupabaseClient } from '@supabase/supabase-js'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collector, settle, subscribed } from '../realtime/helpers.ts'
import {
  type CustomerPerson,
  ITEMS,
  PASSWORD,
  makeCustomer,
  makeOrder,
  makeUser,
  signedInClient,
  sql,
  unique,
} from './fixtures.ts'

let customer: CustomerPerson
let aal2: SupabaseClient
let aal1: SupabaseClient

beforeAll(async () => {
  customer = await makeCustomer('aal-cust')
  const admin = await makeUser('admin', 'aal-admin')
  aal2 = admin.client
  aal1 = await signedInClient(admin.email, PASSWORD)
})
afterAll(async () => {
  await Promise.all([aal1.removeAllChannels(), aal2.removeAllChannels()])
})

const claims = async (c: SupabaseClient) => decodeJwt((await c.auth.getSession()).data.session!.access_token)

describe('an admin signed in with the password alone (aal1)', () => {
  it('carries the admin role at aal1, the other session at aal2', async () => {
    expect(await claims(aal1)).toMatchObject({ aal: 'aal1', app_metadata: { role: 'admin' } })
    expect(await claims(aal2)).toMatchObject({ aal: 'aal2', app_metadata: { role: 'admin' } })
    expect((await aal1.rpc('is_admin')).data).toBe(false)
    expect((await aal2.rpc('is_admin')).data).toBe(true)
  })

  it('cannot create an order or replace its items (RPCs)', async () => {
    const denied = await aal1.rpc('create_order', { customer_id: customer.customerId, items: ITEMS })
    expect(denied.error?.code).toBe('42501')
    const order = await makeOrder(aal2, customer.customerId)
    const items = [{ description: 'Stolen', quantity: 1, unit_price_cents: 1 }]
    const args = { order_id: order.id, version: order.version, items }
    expect((await aal1.rpc('set_order_items', args)).error?.code).toBe('PT404') // it sees no such order
    expect((await aal2.rpc('set_order_items', args)).error).toBeNull()
  })

  it('reads no order in the dashboard’s list (order_list view)', async () => {
    const order = await makeOrder(aal2, customer.customerId)
    const read = (c: SupabaseClient) => c.from('order_list').select('number').eq('id', order.id)
    expect((await read(aal1)).data).toEqual([])
    expect((await read(aal2)).data).toEqual([{ number: order.number }])
  })

  it('cannot re-send a failed email (resend_notification, security definer)', async () => {
    const order = await makeOrder(aal2, customer.customerId)
    const { rows } = await sql().query<{ id: string }>(
      `insert into notifications (event_id, order_id, recipient, status)
       select id, order_id, $2, 'failed' from order_events where order_id = $1 and kind = 'created'
       on conflict (event_id, recipient) do update set status = 'failed' returning id`,
      [order.id, customer.email],
    )
    const args = { notification_id: rows[0]!.id }
    const denied = await aal1.rpc('resend_notification', args)
    expect(denied.error).toMatchObject({ code: '42501', message: 'Only admins can re-send emails.' })
    expect((await aal2.rpc('resend_notification', args)).error).toBeNull()
  })

  it('is refused by the invite-customer function (403)', async () => {
    const email = `${unique('aal-invitee')}@example.test`
    const { rows } = await sql().query<{ id: string }>(
      `insert into customers (name, email) values ('Ina Invitee', $1) returning id`,
      [email],
    )
    const body = { customer_id: rows[0]!.id }
    const denied = await aal1.functions.invoke('invite-customer', { body })
    expect((denied.error as { context?: Response } | null)?.context?.status).toBe(403)
    const invited = await aal2.functions.invoke('invite-customer', { body })
    expect(invited.error).toBeNull()
    expect(invited.data).toEqual({ invited: true, email })
  })
})

describe('an admin at aal1 on Realtime', () => {
  // Whichever way the app's changes stream (Postgres Changes on published tables, or private
  // admin topics guarded by policies on realtime.messages), it hears none of them.
  it('hears no change to an order that the same admin at aal2 hears', async () => {
    const { rows } = await sql().query<{ published: boolean; topics: boolean }>(
      `select exists (select 1 from pg_publication_tables
                       where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'orders') as published,
              exists (select 1 from pg_policies
                       where schemaname = 'realtime' and tablename = 'messages' and qual ~ 'is_admin') as topics`,
    )
    const ways = rows[0]!
    expect(ways.published || ways.topics).toBe(true)
    const order = await makeOrder(aal2, customer.customerId)
    if (ways.published) await expectPostgresChangesOnlyAtAal2(order.id)
    if (ways.topics) await expectAdminTopicsOnlyAtAal2(order.id)
  })
})

async function expectPostgresChangesOnlyAtAal2(orderId: string) {
  const heard = { aal1: collector<string>(), aal2: collector<string>() }
  for (const [who, c] of [
    ['aal1', aal1],
    ['aal2', aal2],
  ] as const) {
    await subscribed(
      c
        .channel(unique('aal'))
        .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'orders' }, (p) => {
          heard[who].push((p.new as { id: string }).id)
        }),
    )
  }
  await sql().query(`update orders set notes = 'heard?' where id = $1`, [orderId])
  await heard.aal2.atLeast(1)
  await settle()
  expect(heard.aal2.items).toContain(orderId)
  expect(heard.aal1.items).toEqual([])
}

/** Private admin topics (supabase/migrations/*_live_channels.sql): aal1 may not even join. */
async function expectAdminTopicsOnlyAtAal2(orderId: string) {
  for (const topic of ['admin:orders', `admin:order:${orderId}`]) {
    const join = (c: SupabaseClient) => subscribed(c.channel(topic, { config: { private: true } }))
    await expect(join(aal2)).resolves.toBeDefined()
    await expect(join(aal1)).rejects.toThrow()
  }
}
