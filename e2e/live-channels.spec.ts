// The private channels in a real browser: a signed-in customer who asks Realtime for the
// dashboard's topic with their own session is refused, while their tracker stays live.
import { expect, test } from '@playwright/test'
import { account, newPage, orderFor, signIn, sql, stack } from './support.ts'

test('a customer’s browser that tries the dashboard’s topic is refused; its own topic stays live', async ({
  browser,
}) => {
  const customer = await account('customer')
  const order = await orderFor(customer.customerId, 'Curious teapot')
  const page = await newPage(browser)
  await signIn(page, customer.email)
  await expect(page.getByTestId('live-status')).toHaveText(/Live/)

  // What any script in this browser could do: the stored session, a raw socket, the admin topic.
  const reply = await page.evaluate(
    async ({ api, anonKey }) => {
      const storage = (globalThis as unknown as { localStorage: Record<string, string> }).localStorage
      const stored = Object.keys(storage).find((k) => k.endsWith('-auth-token'))!
      const { access_token } = JSON.parse(storage[stored]!) as { access_token: string }
      const ws = new WebSocket(
        `${api.replace(/^http/, 'ws')}/realtime/v1/websocket?apikey=${anonKey}&vsn=1.0.0`,
      )
      await new Promise((resolve) => ws.addEventListener('open', resolve, { once: true }))
      const answer = new Promise<unknown>((resolve) =>
        ws.addEventListener('message', (e) => {
          const frame = JSON.parse(String(e.data)) as { ref: string; payload: unknown }
          if (frame.ref === 'peek') resolve(frame.payload)
        }),
      )
      ws.send(
        JSON.stringify({
          topic: 'realtime:admin:orders',
          event: 'phx_join',
          payload: { config: { private: true, presence: { enabled: true } }, access_token },
          ref: 'peek',
          join_ref: 'peek',
        }),
      )
      const payload = await answer
      ws.close()
      return payload
    },
    { api: stack().apiUrl, anonKey: stack().anonKey },
  )
  expect(reply).toEqual({
    status: 'error',
    response: {
      reason: 'Unauthorized: You do not have permissions to read from this Channel topic: admin:orders',
    },
  })

  // Control: the customer's own channel still carries their changes.
  // (The service role may only read orders: the move goes through SQL.)
  const moved = await sql().query('update orders set status = $2, version = $3 where id = $1', [
    order.id,
    'confirmed',
    order.version,
  ])
  expect(moved.rowCount).toBe(1)
  await expect(page.getByTestId(`tracked-${order.number}`).locator('.badge').first()).toHaveText('Confirmed')
})
