// The order lifecycle as the database enforces it, optimistic concurrency and the timeline,
// through an admin's supabase-js client (totals: totals.test.ts).
import { beforeAll, describe, expect, it } from 'vitest'
import {
  type CustomerPerson,
  type Person,
  makeCustomer,
  makeOrder,
  makeUser,
  moveOrder,
  orderAtStatus,
} from './fixtures.ts'

const ALLOWED: Record<string, string[]> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['processing', 'cancelled'],
  processing: ['shipped', 'cancelled'],
  shipped: ['out_for_delivery', 'cancelled'],
  out_for_delivery: ['delivered', 'cancelled'],
  delivered: [],
  cancelled: [],
}

const STATUSES = Object.keys(ALLOWED)

let admin: Person
let customer: CustomerPerson

beforeAll(async () => {
  ;[admin, customer] = await Promise.all([makeUser('admin', 'life-admin'), makeCustomer('life')])
})

const orderAt = (status: string) => orderAtStatus(customer.customerId, status)

describe('the status lifecycle', () => {
  for (const from of STATUSES) {
    it(`from ${from}: allows ${ALLOWED[from]!.join(', ') || 'nothing'}, refuses the rest with PT422`, async () => {
      for (const to of STATUSES.filter((s) => s !== from)) {
        const order = await orderAt(from)
        const { data, error } = await admin.client
          .from('orders')
          .update({ status: to, version: order.version })
          .eq('id', order.id)
          .select()
          .single()
        if (ALLOWED[from]!.includes(to)) {
          expect(error, `${from} → ${to}`).toBeNull()
          expect(data).toMatchObject({ status: to, version: order.version + 1 })
        } else {
          expect(error?.code, `${from} → ${to}`).toBe('PT422')
          expect(error?.message).toContain(`cannot move from ${from} to ${to}`)
        }
      }
    })
  }

  it('next_statuses() tells the app the allowed moves', async () => {
    const { data } = await admin.client.rpc('next_statuses', { from_status: 'shipped' })
    expect(data).toEqual(['out_for_delivery', 'cancelled'])
  })
})

describe('optimistic concurrency', () => {
  it('a save based on a stale version is refused with PT409 and changes nothing', async () => {
    const order = await makeOrder(admin.client, customer.customerId)
    const first = await moveOrder(admin.client, order, 'confirmed')
    expect(first.version).toBe(order.version + 1)
    const stale = await admin.client
      .from('orders')
      .update({ notes: 'second admin, stale', version: order.version })
      .eq('id', order.id)
    expect(stale.status).toBe(409)
    expect(stale.error?.code).toBe('PT409')
    expect(stale.error?.message).toContain('changed by someone else')
    const { data } = await admin.client
      .from('orders')
      .select('notes, version, status')
      .eq('id', order.id)
      .single()
    expect(data).toEqual({ notes: null, version: first.version, status: 'confirmed' })
  })

  it('every change bumps the version', async () => {
    const order = await makeOrder(admin.client, customer.customerId)
    const { data } = await admin.client
      .from('orders')
      .update({ carrier: 'DHL', version: order.version })
      .eq('id', order.id)
      .select('version')
      .single()
    expect(data?.version).toBe(order.version + 1)
  })
})

describe('the timeline', () => {
  it('records creation, status moves, edits and notes with the actor, and cannot be rewritten', async () => {
    const order = await makeOrder(admin.client, customer.customerId)
    const moved = await moveOrder(admin.client, order, 'confirmed')
    await admin.client
      .from('orders')
      .update({ carrier: 'UPS', tracking_number: '1Z999', version: moved.version })
      .eq('id', order.id)
    const note = await admin.client.from('order_events').insert({
      order_id: order.id,
      kind: 'note',
      note: 'Called the customer',
      actor_email: 'forged@x.test',
    } as never)
    expect(note.error?.code).toBe('42501') // actor columns are the database's to write
    await admin.client
      .from('order_events')
      .insert({ order_id: order.id, kind: 'note', note: 'Called the customer' })

    const { data: events } = await customer.client
      .from('order_events')
      .select('kind, from_status, to_status, fields, note, actor_email')
      .eq('order_id', order.id)
      .order('id')
    expect(events).toEqual([
      {
        kind: 'created',
        from_status: null,
        to_status: null,
        fields: [],
        note: null,
        actor_email: admin.email,
      },
      {
        kind: 'status_changed',
        from_status: 'pending',
        to_status: 'confirmed',
        fields: [],
        note: null,
        actor_email: admin.email,
      },
      {
        kind: 'edited',
        from_status: null,
        to_status: null,
        fields: ['carrier', 'tracking_number'],
        note: null,
        actor_email: admin.email,
      },
      {
        kind: 'note',
        from_status: null,
        to_status: null,
        fields: [],
        note: 'Called the customer',
        actor_email: admin.email,
      },
    ])
    const other = await admin.client.from('order_events').insert({ order_id: order.id, kind: 'created' })
    expect(other.error?.code).toBe('42501')
  })

  it('records item edits as one "items" edit', async () => {
    const order = await makeOrder(admin.client, customer.customerId)
    await admin.client.rpc('set_order_items', {
      order_id: order.id,
      version: order.version,
      items: [{ description: 'Kettle', quantity: 1, unit_price_cents: 6400 }],
    })
    const { data } = await admin.client
      .from('order_events')
      .select('kind, fields')
      .eq('order_id', order.id)
      .order('id')
    expect(data).toEqual([
      { kind: 'created', fields: [] },
      { kind: 'edited', fields: ['items'] },
    ])
  })
})
