// The RLS matrix of DESIGN.md: every role × every table × select/insert/update/delete,
// through the real supabase-js. "admin at aal1" is an admin signed in with the password alone
// (no TOTP): it gets no admin rights anywhere. The same rule through Realtime:
// tests/integration/realtime/live-channels.test.ts and tests/integration/security/admin-aal.test.ts.
import type { SupabaseClient } from '@supabase/supabase-js'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  type CustomerPerson,
  type Person,
  anonClient,
  arrange,
  makeCustomer,
  makeUser,
  PASSWORD,
  serviceClient,
  signedInClient,
  unique,
} from './fixtures.ts'

type Role = 'anon' | 'customer A' | 'customer B' | 'admin' | 'admin at aal1' | 'service'
type Op = 'select' | 'insert' | 'update' | 'delete'
type Table = 'customers' | 'orders' | 'order_items' | 'order_events' | 'notifications'

// Listed = allowed, anything else refused. Rows under test belong to customer A. The service
// role bypasses RLS: its grants decide, i.e. what the edge functions use (docs/deploy.md).
// "admin at aal1" is allowed nothing: without a customer row of its own, a customer's rights
// are none (its RPCs, function and topics: admin-aal.test.ts).
const MATRIX: Record<Table, Record<Op, Role[]>> = {
  customers: {
    select: ['customer A', 'admin', 'service'],
    insert: ['admin'],
    update: ['customer A', 'admin'],
    delete: ['admin'],
  },
  orders: {
    select: ['customer A', 'admin', 'service'],
    insert: ['admin'],
    update: ['admin'],
    delete: [],
  },
  order_items: {
    select: ['customer A', 'admin', 'service'],
    insert: ['admin'],
    update: ['admin'],
    delete: ['admin'],
  },
  order_events: {
    select: ['customer A', 'admin'],
    insert: ['admin'],
    update: [],
    delete: [],
  },
  notifications: {
    select: ['admin', 'service'],
    insert: ['service'],
    update: ['service'],
    delete: [],
  },
}

let a: CustomerPerson
let b: CustomerPerson
let admin: Person
const clients = {} as Record<Role, SupabaseClient>

async function freshOrder() {
  return arrange<{ id: string; version: number }>(
    'insert into orders (customer_id) values ($1) returning id, version',
    [a.customerId],
  )
}

/** A fresh row of `table` owned by customer A, and the bodies each operation sends. */
async function fresh(table: Table): Promise<{ id: string; insert: object; update: object }> {
  const order = await freshOrder()
  switch (table) {
    case 'customers': {
      const row = await arrange<{ id: string }>(
        'insert into customers (name, email, user_id) values ($1, $2, null) returning id',
        ['Spare', `${unique('spare')}@example.test`],
      )
      // A's own row for reads and edits; a spare (no orders) for deletes.
      return { id: row.id, insert: { name: 'New', email: `${unique('new')}@example.test` }, update: {} }
    }
    case 'orders':
      return {
        id: order.id,
        insert: { customer_id: a.customerId },
        update: { notes: 'edited', version: order.version },
      }
    case 'order_items': {
      const item = await arrange<{ id: string }>(
        `insert into order_items (order_id, description, quantity, unit_price_cents) values ($1, 'Mug', 1, 900) returning id`,
        [order.id],
      )
      return {
        id: item.id,
        insert: { order_id: order.id, description: 'Cup', quantity: 1, unit_price_cents: 500 },
        update: { quantity: 3 },
      }
    }
    case 'order_events': {
      const ev = await arrange<{ id: string }>(
        `insert into order_events (order_id, kind) values ($1, 'created') returning id`,
        [order.id],
      )
      return {
        id: ev.id,
        insert: { order_id: order.id, kind: 'note', note: 'hello' },
        update: { actor_email: 'someone@else.test' },
      }
    }
    case 'notifications': {
      const ev = await arrange<{ id: string }>(
        `insert into order_events (order_id, kind) values ($1, 'created') returning id`,
        [order.id],
      )
      const n = await arrange<{ id: string }>(
        `insert into notifications (event_id, order_id, recipient) values ($1, $2, $3) returning id`,
        [ev.id, order.id, a.email],
      )
      const ev2 = await arrange<{ id: string }>(
        `insert into order_events (order_id, kind) values ($1, 'created') returning id`,
        [order.id],
      )
      return {
        id: n.id,
        insert: { event_id: ev2.id, order_id: order.id, recipient: a.email },
        update: { status: 'sent' },
      }
    }
  }
}

async function attempt(role: Role, table: Table, op: Op): Promise<boolean> {
  const c = clients[role]
  const row = await fresh(table)
  // Customers: reads and edits aim at A's own row; deletes at a spare row without orders.
  const id = table === 'customers' && op !== 'delete' ? a.customerId : row.id
  const update = table === 'customers' ? { phone: `+1 555 ${Math.floor(Math.random() * 9000)}` } : row.update
  switch (op) {
    case 'select': {
      const { data, error } = await c.from(table).select('id').eq('id', id)
      return !error && data.length === 1
    }
    case 'insert': {
      const { error } = await c.from(table).insert(row.insert)
      return !error
    }
    case 'update': {
      const { error, count } = await c.from(table).update(update, { count: 'exact' }).eq('id', id)
      return !error && count === 1
    }
    case 'delete': {
      const { error, count } = await c.from(table).delete({ count: 'exact' }).eq('id', id)
      return !error && count === 1
    }
  }
}

beforeAll(async () => {
  ;[a, b, admin] = await Promise.all([
    makeCustomer('rls-a'),
    makeCustomer('rls-b'),
    makeUser('admin', 'rls-admin'),
  ])
  Object.assign(clients, {
    anon: anonClient(),
    'customer A': a.client,
    'customer B': b.client,
    admin: admin.client,
    'admin at aal1': await signedInClient(admin.email, PASSWORD),
    service: serviceClient(),
  })
})

describe('row-level security, every role × table × operation', () => {
  const roles: Role[] = ['anon', 'customer A', 'customer B', 'admin', 'admin at aal1', 'service']
  for (const [table, ops] of Object.entries(MATRIX) as [Table, Record<Op, Role[]>][]) {
    for (const [op, allowed] of Object.entries(ops) as [Op, Role[]][]) {
      it(`${table} ${op}: ${allowed.length ? `only ${allowed.join(', ')}` : 'nobody'}`, async () => {
        const outcome: Record<string, boolean> = {}
        for (const role of roles) outcome[role] = await attempt(role, table, op)
        const expected = Object.fromEntries(roles.map((r) => [r, allowed.includes(r)]))
        expect(outcome).toEqual(expected)
      })
    }
  }
})

describe('what a customer may change on their own row', () => {
  it('their phone, address and email preference, but not the email orders go to', async () => {
    const ok = await a.client
      .from('customers')
      .update({ phone: '+44 20 0000', address: 'New street 1', notify_email: false })
      .eq('id', a.customerId)
      .select()
      .single()
    expect(ok.error).toBeNull()
    expect(ok.data).toMatchObject({ phone: '+44 20 0000', notify_email: false })
    const bad = await a.client
      .from('customers')
      .update({ email: 'thief@example.test' })
      .eq('id', a.customerId)
    expect(bad.error?.code).toBe('42501')
    const link = await a.client.from('customers').update({ user_id: b.userId }).eq('id', a.customerId)
    expect(link.error?.code).toBe('42501')
    await a.client.from('customers').update({ notify_email: true }).eq('id', a.customerId)
  })
})
