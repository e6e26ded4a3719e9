// When a sign-in account reaches its customer row (the link rule, README "Who may do what"):
// only through link_my_customer() for a session that proved the email, and only while that
// session exists. The attacks themselves are in tests/integration/security/prehijack.test.ts.
import { beforeAll, describe, expect, it } from 'vitest'
import { type Person, anonClient, makeCustomer, makeOrder, makeUser, sql, unique } from './fixtures.ts'
import { waitForMail } from '../../support/mail.ts'

let admin: Person

beforeAll(async () => {
  admin = await makeUser('admin', 'link-admin')
})

async function customerRow(email: string) {
  const { rows } = await sql().query<{ id: string; user_id: string | null }>(
    'select id, user_id from customers where email = $1',
    [email],
  )
  return rows[0]!
}

describe('linking a sign-in account to its customer (link_my_customer, after sign-in)', () => {
  it('a password sign-up with a customer’s email links nothing', async () => {
    const email = `${unique('squat')}@example.test`
    await sql().query(`insert into customers (name, email) values ('Victim', $1)`, [email])
    const squatter = anonClient()
    const { error } = await squatter.auth.signUp({ email, password: 'squatter-password' })
    expect(error).toBeNull()
    const linked = await squatter.rpc('link_my_customer')
    expect(linked).toMatchObject({ error: null, data: [] })
    expect((await customerRow(email)).user_id).toBeNull()
    const { data } = await squatter.from('orders').select('id')
    expect(data).toEqual([])
  })

  it('signing in with an emailed one-time code proves the email and links the account', async () => {
    const email = `${unique('otp')}@example.test`
    await sql().query(`insert into customers (name, email) values ('Otto', $1)`, [email])
    const since = new Date()
    expect((await anonClient().auth.signInWithOtp({ email })).error).toBeNull()
    const token = (await waitForMail({ to: email, since })).text?.match(/\b(\d{6})\b/)?.[1]
    const c = anonClient()
    const { error } = await c.auth.verifyOtp({ email, token: token!, type: 'email' })
    expect(error).toBeNull()
    expect((await customerRow(email)).user_id).toBeNull() // signing in alone links nothing
    const linked = await c.rpc('link_my_customer')
    const row = await customerRow(email)
    expect(row.user_id).not.toBeNull()
    expect(linked.data).toMatchObject([{ id: row.id, email }])
    const { data: mine } = await c.from('customers').select('id')
    expect(mine).toEqual([{ id: row.id }])
    const again = await c.rpc('link_my_customer') // already linked: the same row, nothing else
    expect(again.data).toMatchObject([{ id: row.id }])
  })

  it('a session that has ended reads nothing, though its access token has not expired', async () => {
    const person = await makeCustomer('ended')
    const order = await makeOrder(admin.client, person.customerId)
    const { data: before } = await person.client.from('orders').select('id')
    expect(before).toEqual([{ id: order.id }]) // positive control
    const { data: session } = await person.client.auth.getSession()
    await sql().query('delete from auth.sessions where user_id = $1', [person.userId])
    expect(session.session?.expires_at ?? 0).toBeGreaterThan(Date.now() / 1000)
    const after = await person.client.from('orders').select('id')
    expect(after.data).toEqual([])
    const mine = await person.client.from('customers').select('id')
    expect(mine.data).toEqual([])
  })
})
