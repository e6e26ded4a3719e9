// The desk topic hears an email failing (and a failed one sent after all), so the dashboard's
// "needs attention" updates live; an email that simply goes out stays off the desk topic.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { deskChannel, type LiveChange } from '@/lib/channels'
import { sql } from '../../support/clients.ts'
import { type Person, arrange, makeCustomer, makeOrder, makeUser } from '../backend/fixtures.ts'
import { collector, subscribed } from './helpers.ts'

let admin: Person

beforeAll(async () => {
  admin = await makeUser('admin', 'desk-attention')
})
afterAll(() => admin.client.removeAllChannels())

/** An event of `orderId` with no webhook (replica mode): the outbox row is ours to write. */
const event = async (orderId: string) =>
  (
    await arrange<{ id: string }>(
      `insert into order_events (order_id, kind) values ($1, 'created') returning id`,
      [orderId],
    )
  ).id

it('a failed email and its later sending reach the desk; an email sent at once does not', async () => {
  const customer = await makeCustomer('desk-attention')
  const order = await makeOrder(admin.client, customer.customerId)
  const heard = collector<LiveChange>()
  await subscribed(deskChannel(admin.client, { notifications: (c) => heard.push(c) }))

  const insert = `insert into notifications (event_id, order_id, recipient, status, attempts)
                  values ($1, $2, $3, $4, 1) returning id`
  await sql().query(insert, [await event(order.id), order.id, customer.email, 'sent'])
  const failed = await sql().query<{ id: string }>(insert, [
    await event(order.id),
    order.id,
    customer.email,
    'failed',
  ])
  await sql().query(`update notifications set status = 'sent' where id = $1`, [failed.rows[0]!.id])

  const [first, second] = await heard.atLeast(2)
  // Broadcasts keep commit order: the email sent at once, committed first, never came.
  expect(first).toMatchObject({ operation: 'INSERT', record: { id: failed.rows[0]!.id, status: 'failed' } })
  expect(second).toMatchObject({
    operation: 'UPDATE',
    record: { status: 'sent' },
    old_record: { status: 'failed' },
  })
  expect(heard.items).toHaveLength(2)
})
