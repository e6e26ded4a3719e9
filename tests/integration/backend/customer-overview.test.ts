// One customer at a glance (public.customer_overview) under the caller's RLS: order count,
// open orders, lifetime spend per currency without cancelled orders, and for admins only
// whether the customer can sign in (read from auth.users).
import type { SupabaseClient } from '@supabase/supabase-js'
import { beforeAll, describe, expect, it } from 'vitest'
import { placeOrder } from './desk-fixtures.ts'
import {
  type CustomerPerson,
  type Person,
  PASSWORD,
  makeCustomer,
  makeUser,
  serviceClient,
  signedInClient,
  sql,
  unique,
} from './fixtures.ts'

interface Overview {
  customer_id: string
  orders: number
  open_orders: number
  last_order_at: string | null
  lifetime_spend: { currency: string; cents: number }[]
  sign_in: { state: string; last_sign_in_at: string | null; invited_at: string | null } | null
}

let admin: Person
let aal1: SupabaseClient
let dana: CustomerPerson
let other: CustomerPerson

async function overview(c: SupabaseClient, customerId: string): Promise<Overview | null> {
  const { data, error } = await c.rpc('customer_overview', { customer_id: customerId })
  if (error) throw new Error(`customer_overview: ${error.message}`)
  return data as Overview | null
}

async function customerRow(email: string): Promise<string> {
  const { rows } = await sql().query<{ id: string }>(
    `insert into customers (name, email) values ('No Account', $1) returning id`,
    [email],
  )
  return rows[0]!.id
}

beforeAll(async () => {
  admin = await makeUser('admin', 'ov-admin')
  aal1 = await signedInClient(admin.email, PASSWORD)
  dana = await makeCustomer('ov-dana')
  other = await makeCustomer('ov-other')
  const d = dana.customerId
  await placeOrder(d, 'UTC', { ago: '1 hour', status: 'pending', totalCents: 1200 })
  await placeOrder(d, 'UTC', { day: -40, status: 'delivered', totalCents: 3000 })
  await placeOrder(d, 'UTC', { day: -30, status: 'cancelled', totalCents: 9999 })
  await placeOrder(d, 'UTC', { day: -2, status: 'shipped', currency: 'EUR', totalCents: 450 })
})

describe('a customer at a glance, for an admin', () => {
  it('counts their orders, open ones, and lifetime spend per currency without cancelled orders', async () => {
    const o = await overview(admin.client, dana.customerId)
    expect(o).toMatchObject({
      customer_id: dana.customerId,
      orders: 4,
      open_orders: 2,
      lifetime_spend: [
        { currency: 'USD', cents: 4200 },
        { currency: 'EUR', cents: 450 },
      ],
    })
    expect(Date.now() - Date.parse(o!.last_order_at!)).toBeLessThan(2 * 3600_000)
  })

  it('says whether they can sign in: linked, invited (an account not linked yet) or none', async () => {
    const linked = await overview(admin.client, dana.customerId)
    expect(linked!.sign_in).toMatchObject({ state: 'linked' })
    expect(linked!.sign_in!.last_sign_in_at).not.toBeNull()

    const noAccount = await overview(admin.client, await customerRow(`${unique('ov-none')}@example.test`))
    expect(noAccount).toMatchObject({ orders: 0, lifetime_spend: [], sign_in: { state: 'none' } })

    const invitedEmail = `${unique('ov-invited')}@example.test`
    const invitedId = await customerRow(invitedEmail)
    const { error } = await serviceClient().auth.admin.inviteUserByEmail(invitedEmail)
    expect(error).toBeNull()
    const invited = await overview(admin.client, invitedId)
    expect(invited!.sign_in).toMatchObject({ state: 'invited' })
    expect(invited!.sign_in!.invited_at).not.toBeNull()
  })
})

describe('a customer at a glance, under RLS', () => {
  it('shows a customer their own numbers but not the sign-in record', async () => {
    const own = await overview(dana.client, dana.customerId)
    expect(own).toMatchObject({ orders: 4, open_orders: 2, sign_in: null })
  })

  it('shows nothing of another customer, to a customer or to an admin at aal1', async () => {
    expect(await overview(other.client, dana.customerId)).toBeNull()
    expect(await overview(aal1, dana.customerId)).toBeNull()
    expect(await overview(admin.client, dana.customerId)).not.toBeNull()
  })
})
