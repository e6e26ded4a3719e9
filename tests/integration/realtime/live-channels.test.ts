// The app's live channels (src/lib/channels.ts) against its migrations, written as the
// attacks: who can join which private topic, who sees the staff's presence, and that a
// lost admin role ends the desk subscription. Each refusal has an allowed control.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import {
  customerChannel,
  deskChannel,
  orderChannel,
  showOnDesk,
  topics,
  type LiveChange,
} from '@/lib/channels'
import {
  type CustomerPerson,
  type Person,
  anonClient,
  makeCustomer,
  makeOrder,
  makeUser,
  moveOrder,
  serviceClient,
} from '../backend/fixtures.ts'
import { collector, refused, settle, subscribed } from './helpers.ts'

let a: CustomerPerson
let b: CustomerPerson
let admin: Person
let otherAdmin: Person
const anon = anonClient()
const clients: SupabaseClient[] = [anon]
const reason = (topic: string) =>
  `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`

beforeAll(async () => {
  ;[a, b, admin, otherAdmin] = await Promise.all([
    makeCustomer('live-a'),
    makeCustomer('live-b'),
    makeUser('admin', 'live-admin'),
    makeUser('admin', 'live-admin2'),
  ])
  clients.push(a.client, b.client, admin.client, otherAdmin.client)
})
// One channel per topic and client in supabase-js: each test starts without any.
afterEach(async () => {
  for (const c of clients) await c.removeAllChannels()
})
afterAll(async () => {
  for (const c of clients) await c.removeAllChannels()
})

describe('who may join which topic', () => {
  it('a customer joins their own topic, and neither another customer’s nor an admin topic', async () => {
    const order = await makeOrder(admin.client, b.customerId)
    await subscribed(customerChannel(a.client, a.customerId, {}))
    expect(await refused(customerChannel(a.client, b.customerId, {}))).toBe(
      reason(topics.customer(b.customerId)),
    )
    expect(await refused(deskChannel(a.client, {}))).toBe(reason(topics.desk))
    expect(await refused(orderChannel(a.client, order.id, {}))).toBe(reason(topics.order(order.id)))
  })

  it('anon joins no private topic of the app', async () => {
    await subscribed(deskChannel(admin.client, {}))
    for (const topic of [topics.customer(a.customerId), topics.desk])
      expect(await refused(anon.channel(topic, { config: { private: true } }))).toBe(reason(topic))
  })
})

describe('presence on the desk', () => {
  it('only admins see who of the staff is online; the public room of that name sees and shows nothing', async () => {
    const seen = collector<string[]>()
    await subscribed(deskChannel(admin.client, {}, (emails) => seen.push(emails)))
    const other = await subscribed(deskChannel(otherAdmin.client, {}))
    expect(await showOnDesk(other, otherAdmin.email)).toBe('ok')

    // The attack of the old public `desk` topic: the anon key, a public channel, a fake entry.
    const intruder = await subscribed(anon.channel(topics.desk).on('presence', { event: 'sync' }, () => {}))
    expect(await intruder.track({ email: 'fake-admin@attacker.example' })).toBe('ok')
    expect(await refused(deskChannel(a.client, {}))).toBe(reason(topics.desk))

    const deadline = Date.now() + 5000
    while (!seen.items.at(-1)?.includes(otherAdmin.email) && Date.now() < deadline) await settle(50)
    await settle()
    expect(seen.items.at(-1)).toEqual([otherAdmin.email])
    const visibleToIntruder = Object.values(intruder.presenceState<{ email: string }>()).flatMap((m) =>
      m.map((x) => x.email),
    )
    expect(visibleToIntruder).toEqual(['fake-admin@attacker.example'])
  })
})

describe('what the triggers send where', () => {
  it('an order change reaches its customer, the desk and the order page; not another customer', async () => {
    const order = await makeOrder(admin.client, a.customerId)
    const got = { a: collector<LiveChange>(), b: collector<LiveChange>(), desk: collector<LiveChange>() }
    const page = collector<string>()
    await subscribed(customerChannel(a.client, a.customerId, { orders: (c) => got.a.push(c) }))
    await subscribed(customerChannel(b.client, b.customerId, { orders: (c) => got.b.push(c) }))
    await subscribed(deskChannel(otherAdmin.client, { orders: (c) => got.desk.push(c) }))
    await subscribed(
      orderChannel(admin.client, order.id, {
        orders: (c) => page.push(`orders ${c.operation}`),
        order_events: (c) => page.push(`order_events ${c.operation}`),
      }),
    )
    await moveOrder(admin.client, order, 'confirmed')
    const [change] = await got.a.atLeast(1)
    expect(change).toMatchObject({
      table: 'orders',
      operation: 'UPDATE',
      record: { id: order.id, status: 'confirmed' },
    })
    expect((await got.desk.atLeast(1))[0]!.record).toMatchObject({ id: order.id, status: 'confirmed' })
    expect(await page.atLeast(2)).toEqual(['orders UPDATE', 'order_events INSERT'])
    await settle()
    expect(got.b.items).toEqual([])
  })

  it('replacing an order’s items sends one message per order, not one per row', async () => {
    const order = await makeOrder(admin.client, a.customerId)
    const items = collector<LiveChange>()
    await subscribed(customerChannel(a.client, a.customerId, { order_items: (c) => items.push(c) }))
    const { error } = await admin.client.rpc('set_order_items', {
      order_id: order.id,
      version: order.version,
      items: [1, 2, 3, 4].map((n) => ({ description: `Item ${n}`, quantity: n, unit_price_cents: 100 })),
    })
    expect(error).toBeNull()
    await items.atLeast(2)
    await settle()
    expect(items.items.map((c) => `${c.operation} ${c.order_id}`)).toEqual([
      `DELETE ${order.id}`,
      `INSERT ${order.id}`,
    ])
  })
})

describe('a revoked right', () => {
  it('an admin who loses the role is dropped from the desk at the next token refresh', async () => {
    const former = await makeUser('admin', 'live-former')
    clients.push(former.client)
    const system = collector<string>()
    const statuses = collector<string>()
    const desk = collector<LiveChange>()
    deskChannel(former.client, { orders: (c) => desk.push(c) })
      .on('system', {}, (p: { status: string; message: string }) => {
        if (p.status === 'error') system.push(p.message)
      })
      .subscribe((s) => statuses.push(s))
    await statuses.atLeast(1)
    await makeOrder(admin.client, a.customerId) // control: while an admin, changes arrive
    await desk.atLeast(1)

    const { error } = await serviceClient().auth.admin.updateUserById(former.userId, {
      app_metadata: { role: null },
    })
    expect(error).toBeNull()
    const refreshed = await former.client.auth.refreshSession()
    expect(refreshed.error).toBeNull()
    expect(await system.atLeast(1)).toEqual([
      `You no longer have permission to read from this Channel topic: ${topics.desk}`,
    ])
    await statuses.atLeast(2)
    expect(statuses.items).toEqual(['SUBSCRIBED', 'CLOSED'])
    const before = desk.items.length
    await makeOrder(admin.client, a.customerId)
    await settle()
    expect(desk.items.length).toBe(before)
  })
})
