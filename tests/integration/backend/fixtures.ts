// People and orders for the backend tests: each file makes its own, so files never collide.
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, serviceClient, signedInClient, sql, unique } from '../../support/clients.ts'

export { PASSWORD, makeCustomer, makeUser, type CustomerPerson, type Person } from '../../support/people.ts'

/** Arranges rows as the superuser with triggers off: no timeline, no webhook, no email. */
export async function arrange<T>(text: string, values: unknown[]): Promise<T> {
  const c = await sql().connect()
  try {
    await c.query('set session_replication_role = replica')
    const { rows } = await c.query(text, values)
    return rows[0] as T
  } finally {
    await c.query('reset session_replication_role')
    c.release()
  }
}

export interface OrderRow {
  id: string
  number: string
  status: string
  version: number
  total_cents: number
  customer_id: string
}

export const ITEMS = [
  { description: 'Espresso beans', quantity: 2, unit_price_cents: 2450 },
  { description: 'Filters', quantity: 1, unit_price_cents: 399 },
]

/** An order created by `admin` through the RPC the app uses. */
export async function makeOrder(admin: SupabaseClient, customerId: string, items = ITEMS): Promise<OrderRow> {
  const { data, error } = await admin.rpc('create_order', { customer_id: customerId, items })
  if (error) throw new Error(`create_order failed: ${error.message}`)
  return data as OrderRow
}

/** An order already at `status`, arranged with triggers off (no timeline, no email). */
export async function orderAtStatus(customerId: string, status: string): Promise<OrderRow> {
  const c = await sql().connect()
  try {
    await c.query('set session_replication_role = replica')
    const { rows } = await c.query<OrderRow>(
      'insert into orders (customer_id, status, total_cents) values ($1, $2, 900) returning *',
      [customerId, status],
    )
    await c.query(
      `insert into order_items (order_id, description, quantity, unit_price_cents) values ($1, 'Mug', 1, 900)`,
      [rows[0]!.id],
    )
    return rows[0]!
  } finally {
    await c.query('reset session_replication_role')
    c.release()
  }
}

export async function moveOrder(admin: SupabaseClient, order: OrderRow, status: string): Promise<OrderRow> {
  const { data, error } = await admin
    .from('orders')
    .update({ status, version: order.version })
    .eq('id', order.id)
    .select()
    .single()
  if (error) throw new Error(`move to ${status} failed: ${error.message}`)
  return data as OrderRow
}

export { anonClient, serviceClient, signedInClient, sql, unique }
