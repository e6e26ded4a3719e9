// One-click unsubscribe from an order email (RFC 8058): the List-Unsubscribe URL, POSTed as a
// mail client does, turns that customer's order emails off with no sign-in. Forged or altered
// tokens, another customer's id under a valid signature, and plain GETs change nothing.
import { createHmac } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { stackEnv } from '../../support/clients.ts'
import { listMail, waitForMail, type SinkMessage } from '../../support/mail.ts'
import { settle } from '../realtime/helpers.ts'
import { type Person, makeCustomer, makeOrder, makeUser, moveOrder, sql } from './fixtures.ts'

let admin: Person

beforeAll(async () => {
  admin = await makeUser('admin', 'unsub-admin')
})

async function notifyEmail(customerId: string): Promise<boolean> {
  const { rows } = await sql().query<{ notify_email: boolean }>(
    'select notify_email from customers where id = $1',
    [customerId],
  )
  return rows[0]!.notify_email
}

/** The one-click URL of an email, and the token in it. */
function oneClick(mail: SinkMessage): { url: string; token: string } {
  const header = mail.headers['List-Unsubscribe'] ?? ''
  const url = header.match(/^<(https?:\/\/[^>]+\/functions\/v1\/unsubscribe\?token=[^>]+)>$/)?.[1]
  if (!url) throw new Error(`no one-click List-Unsubscribe URL in ${JSON.stringify(mail.headers)}`)
  return { url, token: decodeURIComponent(new URL(url).searchParams.get('token')!) }
}

/** As Gmail or Apple Mail sends it (RFC 8058 section 3.2). */
const postOneClick = (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  })

const withToken = (url: string, token: string) => {
  const u = new URL(url)
  u.searchParams.set('token', token)
  return u.toString()
}

async function outboxStatus(orderId: string, toStatus: string): Promise<string> {
  const deadline = Date.now() + 15_000
  for (;;) {
    const { rows } = await sql().query<{ status: string }>(
      `select n.status from notifications n join order_events e on e.id = n.event_id
        where e.order_id = $1 and e.to_status = $2 and n.status not in ('pending', 'sending')`,
      [orderId, toStatus],
    )
    if (rows[0]) return rows[0].status
    if (Date.now() > deadline) throw new Error(`no settled notification for ${toStatus}`)
    await settle(100)
  }
}

describe('one-click unsubscribe from an order email', () => {
  it('the email carries RFC 8058 headers; a mail client’s POST turns emails off; the next change is skipped', async () => {
    const customer = await makeCustomer('unsub')
    const order = await makeOrder(admin.client, customer.customerId)
    const mail = await waitForMail({ to: customer.email, subject: `Order ${order.number} received` })
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
    const { url, token } = oneClick(mail)
    const footerLink = `http://127.0.0.1:3000/unsubscribe?token=${encodeURIComponent(token)}`
    expect(mail.html).toContain(`href="${footerLink}"`)
    expect(mail.text).toContain(`Turn off order emails: ${footerLink}`)
    expect(mail.text).toContain(`order emails are on for ${customer.email}`)

    expect(await notifyEmail(customer.customerId)).toBe(true)
    const res = await postOneClick(url)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      unsubscribed: true,
      email: expect.stringMatching(/^.•••@example\.test$/),
    })
    expect(await notifyEmail(customer.customerId)).toBe(false)

    await moveOrder(admin.client, order, 'confirmed')
    expect(await outboxStatus(order.id, 'confirmed')).toBe('skipped')
    await settle(300)
    expect((await listMail(customer.email)).map((m) => m.subject)).toEqual([`Order ${order.number} received`])
  })

  it('attack: forged, altered and cross-customer tokens are refused and change nothing; the real one works', async () => {
    const alice = await makeCustomer('victim')
    const bob = await makeCustomer('target')
    await makeOrder(admin.client, alice.customerId)
    const { url, token } = oneClick(await waitForMail({ to: alice.email, subject: 'received' }))
    const [, mac] = token.split('.')
    const flipped = mac!.slice(0, 10) + (mac![10] === 'A' ? 'B' : 'A') + mac!.slice(11)
    const guessedSecret = createHmac('sha256', 'local-dev-webhook-secret')
      .update(`order-emails-off:v1:${bob.customerId}`)
      .digest('base64url')
    const forgeries = [
      `${bob.customerId}.${mac}`, // Alice's signature on Bob's id
      `${alice.customerId}.${flipped}`, // one character changed
      `${alice.customerId}.${mac!.slice(0, 22)}`, // half a signature
      `${bob.customerId}.${guessedSecret}`, // signed with another secret of the project
      `${bob.customerId}.${'A'.repeat(43)}`,
      bob.customerId,
      `${token}.extra`,
    ]
    for (const forged of forgeries) {
      const res = await postOneClick(withToken(url, forged))
      expect(res.status, forged).toBe(403)
      expect(await res.json()).toEqual({ error: 'This unsubscribe link is not valid.' })
    }
    // A GET (a link scanner opening every URL) changes nothing either.
    expect((await fetch(url)).status).toBe(405)
    expect(await notifyEmail(alice.customerId)).toBe(true)
    expect(await notifyEmail(bob.customerId)).toBe(true)

    // The real token, as the app's /unsubscribe page sends it: only Alice is turned off.
    const res = await fetch(`${stackEnv().apiUrl}/functions/v1/unsubscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    })
    expect(res.status).toBe(200)
    expect(await notifyEmail(alice.customerId)).toBe(false)
    expect(await notifyEmail(bob.customerId)).toBe(true)
  })

  it('a request without a token is a clear 400', async () => {
    const res = await postOneClick(`${stackEnv().apiUrl}/functions/v1/unsubscribe`)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'The unsubscribe token is missing.' })
  })
})
