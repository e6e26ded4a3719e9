// The shipping-email and email-retries flows (docs/architecture.md, Flows): a status change
// → Database Webhook → pg_net → the order-notify function in Deno → the Resend-compatible
// mail sink; exactly one email per event, retries,
// opt-out, re-send; and the invite-customer function.
import { beforeAll, describe, expect, it } from 'vitest'
import { stackEnv } from '../../support/clients.ts'
import { listMail, waitForMail } from '../../support/mail.ts'
import { settle } from '../realtime/helpers.ts'
import {
  type CustomerPerson,
  type Person,
  anonClient,
  makeCustomer,
  makeOrder,
  makeUser,
  moveOrder,
  serviceClient,
  sql,
  unique,
} from './fixtures.ts'

interface NotificationRow {
  id: string
  event_id: number
  recipient: string
  subject: string
  status: string
  attempts: number
  provider_id: string | null
  last_error: string | null
}

let admin: Person

beforeAll(async () => {
  admin = await makeUser('admin', 'mail-admin')
})

/** Waits until the outbox row of the order's latest status change settles. */
async function settledNotification(orderId: string, toStatus: string): Promise<NotificationRow> {
  const deadline = Date.now() + 15_000
  for (;;) {
    const { rows } = await sql().query<NotificationRow>(
      `select n.* from notifications n join order_events e on e.id = n.event_id
        where e.order_id = $1 and e.to_status = $2 and n.status not in ('pending', 'sending')`,
      [orderId, toStatus],
    )
    if (rows[0]) return rows[0]
    if (Date.now() > deadline) throw new Error(`no settled notification for ${orderId} → ${toStatus}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

function failNext(customer: CustomerPerson, plan: { count: number; status: number; retryAfter?: number }) {
  return fetch(new URL('/api/failures', stackEnv().mailUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...plan, match: customer.email }),
  })
}

function callWebhook(body: unknown, secret = 'local-dev-webhook-secret') {
  return fetch(`${stackEnv().apiUrl}/functions/v1/order-notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-webhook-secret': secret },
    body: JSON.stringify(body),
  })
}

describe('an admin moves an order: the customer gets one email', () => {
  it('names the order, the new status, the items and links to the tracker; the outbox says sent', async () => {
    const customer = await makeCustomer('mail')
    const order = await makeOrder(admin.client, customer.customerId)
    await waitForMail({ to: customer.email, subject: `Order ${order.number} received` })
    const since = new Date()
    await moveOrder(admin.client, order, 'confirmed')

    const mail = await waitForMail({
      to: customer.email,
      subject: `Order ${order.number} is now confirmed`,
      since,
    })
    expect(mail.to).toEqual([customer.email])
    expect(mail.from).toContain('orders@example.com')
    expect(mail.text).toContain('Espresso beans')
    expect(mail.text).toContain('$52.99')
    expect(mail.text).toContain(`http://127.0.0.1:3000/track/${order.number}`)
    expect(mail.html).toContain(`href="http://127.0.0.1:3000/track/${order.number}"`)
    // Sent through the official Resend SDK, with the function's idempotency key.
    expect(mail.user_agent).toMatch(/^resend-node:6\./)
    const { rows: events } = await sql().query<{ id: number }>(
      `select id from order_events where order_id = $1 and to_status = 'confirmed'`,
      [order.id],
    )
    expect(mail.idempotency_key).toBe(`order-event-${events[0]!.id}-${customer.email}`)

    const row = await settledNotification(order.id, 'confirmed')
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 1,
      recipient: customer.email,
      provider_id: mail.id,
    })
    await settle(500)
    const about = (await listMail(customer.email)).filter((m) => m.subject.includes('confirmed'))
    expect(about).toHaveLength(1)

    // Admins read the outbox through the API; customers do not.
    const { data } = await admin.client.from('notifications').select('id, status').eq('id', row.id)
    expect(data).toEqual([{ id: row.id, status: 'sent' }])
    expect((await customer.client.from('notifications').select('id')).data).toEqual([])
  })

  it('a webhook delivered twice still sends one email', async () => {
    const customer = await makeCustomer('twice')
    const order = await makeOrder(admin.client, customer.customerId)
    const moved = await moveOrder(admin.client, order, 'confirmed')
    const row = await settledNotification(order.id, 'confirmed')
    const { rows } = await sql().query('select * from order_events where id = $1', [row.event_id])
    const res = await callWebhook({
      type: 'INSERT',
      table: 'order_events',
      schema: 'public',
      record: rows[0],
    })
    expect(await res.json()).toMatchObject({ status: 'duplicate', order: moved.number })
    await settle(300)
    const about = (await listMail(customer.email)).filter((m) => m.subject.includes('confirmed'))
    expect(about).toHaveLength(1)
  })

  it('the sink failing with 500 once ends in one email after two attempts', async () => {
    const customer = await makeCustomer('flaky')
    const order = await makeOrder(admin.client, customer.customerId)
    await waitForMail({ to: customer.email, subject: 'received' })
    await failNext(customer, { count: 1, status: 500 })
    await moveOrder(admin.client, order, 'confirmed')
    const row = await settledNotification(order.id, 'confirmed')
    expect(row).toMatchObject({ status: 'sent', attempts: 2 })
    expect((await listMail(customer.email)).filter((m) => m.subject.includes('confirmed'))).toHaveLength(1)
  })

  it('a 429 with Retry-After is waited out and retried', async () => {
    const customer = await makeCustomer('limited')
    const order = await makeOrder(admin.client, customer.customerId)
    await waitForMail({ to: customer.email, subject: 'received' })
    await failNext(customer, { count: 1, status: 429, retryAfter: 1 })
    const started = Date.now()
    await moveOrder(admin.client, order, 'confirmed')
    const row = await settledNotification(order.id, 'confirmed')
    expect(row).toMatchObject({ status: 'sent', attempts: 2 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
  })

  it('an opted-out customer gets none; the outbox shows it skipped', async () => {
    const customer = await makeCustomer('optout')
    await customer.client.from('customers').update({ notify_email: false }).eq('id', customer.customerId)
    const order = await makeOrder(admin.client, customer.customerId)
    await moveOrder(admin.client, order, 'confirmed')
    const row = await settledNotification(order.id, 'confirmed')
    expect(row).toMatchObject({ status: 'skipped', attempts: 0 })
    expect(await listMail(customer.email)).toEqual([])
  })

  it('a failed email stays visible and an admin can re-send it', async () => {
    const customer = await makeCustomer('resend')
    const order = await makeOrder(admin.client, customer.customerId)
    await waitForMail({ to: customer.email, subject: 'received' })
    await failNext(customer, { count: 4, status: 503 })
    await moveOrder(admin.client, order, 'confirmed')
    const failed = await settledNotification(order.id, 'confirmed')
    expect(failed).toMatchObject({ status: 'failed', attempts: 4 })
    expect(failed.last_error).toContain('503')

    const refused = await customer.client.rpc('resend_notification', { notification_id: failed.id })
    expect(refused.error).not.toBeNull()
    const { error } = await admin.client.rpc('resend_notification', { notification_id: failed.id })
    expect(error).toBeNull()
    await waitForMail({ to: customer.email, subject: 'confirmed' })
    const deadline = Date.now() + 10_000
    let row: NotificationRow | undefined
    while (Date.now() < deadline) {
      row = (await sql().query<NotificationRow>('select * from notifications where id = $1', [failed.id]))
        .rows[0]
      if (row?.status === 'sent') break
      await settle(100)
    }
    expect(row).toMatchObject({ status: 'sent', attempts: 5 })
    const again = await admin.client.rpc('resend_notification', { notification_id: failed.id })
    expect(again.error?.code).toBe('PT409')
  })
})

describe('the webhook endpoint', () => {
  it('refuses a missing or wrong secret, and a payload that is not an order event', async () => {
    expect((await callWebhook({ record: { id: 1 } }, 'wrong')).status).toBe(401)
    const res = await callWebhook({ hello: 'world' })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: expect.stringContaining('order_events') })
  })
})

describe('invite-customer', () => {
  it('an admin invites a customer: Auth emails the invite; following it links the account', async () => {
    const email = `${unique('invitee')}@example.test`
    const { rows } = await sql().query<{ id: string }>(
      `insert into customers (name, email) values ('Ivy Invitee', $1) returning id`,
      [email],
    )
    const customerId = rows[0]!.id
    const customer = await makeCustomer('notadmin')
    const denied = await customer.client.functions.invoke('invite-customer', {
      body: { customer_id: customerId },
    })
    expect(denied.error).not.toBeNull()
    expect((denied.error as { context: Response }).context.status).toBe(403)

    const { data, error } = await admin.client.functions.invoke('invite-customer', {
      body: { customer_id: customerId },
    })
    expect(error).toBeNull()
    expect(data).toEqual({ invited: true, email })
    const invite = await waitForMail({ to: email })
    expect(invite.source).toBe('auth')
    const linkedAtInvite = await serviceClient()
      .from('customers')
      .select('user_id')
      .eq('id', customerId)
      .single()
    expect(linkedAtInvite.data?.user_id).toBeNull() // the invite alone proves nothing

    // Ivy follows the link; the app links her account once she is signed in.
    const link = invite.text!.match(/https?:\/\/\S+\/auth\/v1\/verify\?\S+/)![0]
    const res = await fetch(link, { redirect: 'manual' })
    const fragment = new URLSearchParams(new URL(res.headers.get('location')!).hash.slice(1))
    const ivy = anonClient()
    await ivy.auth.setSession({
      access_token: fragment.get('access_token')!,
      refresh_token: fragment.get('refresh_token')!,
    })
    expect((await ivy.rpc('link_my_customer')).data).toMatchObject([{ id: customerId }])

    const twice = await admin.client.functions.invoke('invite-customer', {
      body: { customer_id: customerId },
    })
    expect((twice.error as { context: Response }).context.status).toBe(409)
  })
})
