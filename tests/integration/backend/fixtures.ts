// People and orders for the backend tests: each file makes its own, so files never collide.
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, serviceClient, signedInClient, sql, unique } from '../../support/clients.ts'
import { enrolTotp } from '../../support/totp.ts'

export const PASSWORD = 'a-good-password'

export interface Person {
  email: string
  userId: string
  /** Signed in; an admin at aal2 (password + TOTP), as the app holds them. */
  client: SupabaseClient
  /** An admin's TOTP secret. */
  totpSecret?: string
}

/** A sign-in account; an admin also enrols a TOTP factor at once, as at their first sign-in. */
export async function makeUser(role: 'admin' | 'customer', prefix: string = role): Promise<Person> {
  const email = `${unique(prefix)}@example.test`
  const password = PASSWORD
  const { data, error } = await serviceClient().auth.admin.createUser({
    email,
    password,
    email_confirm: true,
    app_metadata: role === 'admin' ? { role: 'admin' } : {},
  })
  if (error) throw error
  const client = await signedInClient(email, password)
  const totpSecret = role === 'admin' ? await enrolTotp(client) : undefined
  return { email, userId: data.user.id, client, totpSecret }
}

export interface CustomerPerson extends Person {
  customerId: string
}

/** A customer row linked to a fresh sign-in account (linked the way an invite does). */
export async function makeCustomer(prefix = 'cust'): Promise<CustomerPerson> {
  const person = await makeUser('customer', prefix)
  const { rows } = await sql().query<{ id: string }>(
    `insert into public.customers (name, email, user_id) values ($1, $2, $3) returning id`,
    [`Customer ${prefix}`, person.email, person.userId],
  )
  return { ...person, customerId: rows[0]!.id }
}

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
