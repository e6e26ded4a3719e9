// Totals kept by the database: create_order sums the items, item edits keep the total right,
// clients cannot write it, bad items are refused, closed orders keep their items.
import { beforeAll, describe, expect, it } from 'vitest'
import {
  type CustomerPerson,
  type Person,
  makeCustomer,
  makeOrder,
  makeUser,
  orderAtStatus,
} from './fixtures.ts'

let admin: Person
let customer: CustomerPerson

beforeAll(async () => {
  ;[admin, customer] = await Promise.all([makeUser('admin', 'total-admin'), makeCustomer('total')])
})

const orderAt = (status: string) => orderAtStatus(customer.customerId, status)

describe('totals kept by the database', () => {
  it('create_order sums the items; item edits, inserts and deletes keep the total right', async () => {
    const order = await makeOrder(admin.client, customer.customerId)
    expect(order.total_cents).toBe(2 * 2450 + 399)
    const replaced = await admin.client.rpc('set_order_items', {
      order_id: order.id,
      version: order.version,
      items: [{ description: 'Grinder', quantity: 3, unit_price_cents: 1000 }],
    })
    expect(replaced.error).toBeNull()
    expect(replaced.data).toMatchObject({ total_cents: 3000 })

    const { data: added } = await admin.client
      .from('order_items')
      .insert({ order_id: order.id, description: 'Cup', quantity: 2, unit_price_cents: 250 })
      .select()
      .single()
    await admin.client.from('order_items').update({ quantity: 4 }).eq('id', added!.id)
    const total = async () =>
      (await admin.client.from('orders').select('total_cents').eq('id', order.id).single()).data?.total_cents
    expect(await total()).toBe(3000 + 4 * 250)
    await admin.client.from('order_items').delete().eq('id', added!.id)
    expect(await total()).toBe(3000)
  })

  it('a client cannot write the total, and set_order_items checks the version', async () => {
    const order = await makeOrder(admin.client, customer.customerId)
    const write = await admin.client
      .from('orders')
      .update({ total_cents: 1, version: order.version })
      .eq('id', order.id)
    expect(write.error?.code).toBe('42501')
    const stale = await admin.client.rpc('set_order_items', {
      order_id: order.id,
      version: order.version - 1,
      items: [{ description: 'X', quantity: 1, unit_price_cents: 1 }],
    })
    expect(stale.error?.code).toBe('PT409')
  })

  it('bad items are refused with the reason', async () => {
    const none = await admin.client.rpc('create_order', { customer_id: customer.customerId, items: [] })
    expect(none.error?.message).toMatch(/at least one item/)
    const zero = await admin.client.rpc('create_order', {
      customer_id: customer.customerId,
      items: [{ description: 'X', quantity: 0, unit_price_cents: 100 }],
    })
    expect(zero.error?.code).toBe('23514')
    const negative = await admin.client.rpc('create_order', {
      customer_id: customer.customerId,
      items: [{ description: 'X', quantity: 1, unit_price_cents: -1 }],
    })
    expect(negative.error?.code).toBe('23514')
  })

  it('closed orders keep their items', async () => {
    const order = await orderAt('delivered')
    const { error } = await admin.client
      .from('order_items')
      .insert({ order_id: order.id, description: 'Late add', quantity: 1, unit_price_cents: 100 })
    expect(error?.code).toBe('PT422')
  })
})
