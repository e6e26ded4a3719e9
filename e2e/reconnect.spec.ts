// The reconnect flow (docs/architecture.md, Flows): the tracker loses its connection, an
// order changes meanwhile, and when the network returns the tracker heals by itself, shows
// the missed change and says it is live.
import { type WebSocketRoute, expect, test } from '@playwright/test'
import { account, newPage, orderFor, signIn, sql } from './support.ts'

test('after a dropped connection the tracker refetches what it missed and is live again', async ({
  browser,
}) => {
  const customer = await account('customer')
  const order = await orderFor(customer.customerId, 'Offline teapot')
  const page = await newPage(browser)
  await signIn(page, customer.email)
  const card = page.getByTestId(`tracked-${order.number}`)
  await expect(card).toContainText('Pending')
  await expect(page.getByTestId('live-status')).toHaveText(/Live/)

  await page.context().setOffline(true)
  await expect(page.getByTestId('live-status')).toHaveText(/Offline|Reconnecting/)
  // The shop moves the order meanwhile (the service role may only read orders).
  const moved = await sql().query(`update orders set status = 'confirmed', version = $2 where id = $1`, [
    order.id,
    order.version,
  ])
  expect(moved.rowCount).toBe(1)
  await page.waitForTimeout(500)
  await expect(card).toContainText('Pending') // nothing can arrive while offline

  await page.context().setOffline(false)
  await expect(page.getByTestId('live-status')).toHaveText(/Live/, { timeout: 20_000 })
  await expect(card.locator('.badge').first()).toHaveText('Confirmed')
})

test('when the realtime socket itself drops, the client reconnects, rejoins and resyncs', async ({
  browser,
}) => {
  const customer = await account('customer')
  const order = await orderFor(customer.customerId, 'Dropped-socket teapot')
  const page = await newPage(browser)
  // Every realtime socket goes through the test, which can cut it like a failing network.
  let cut = false
  const open: WebSocketRoute[] = []
  await page.routeWebSocket(/\/realtime\/v1\/websocket/, async (ws) => {
    if (cut) return ws.close({ code: 4000, reason: 'network down' })
    ws.connectToServer()
    open.push(ws)
  })
  await signIn(page, customer.email)
  const card = page.getByTestId(`tracked-${order.number}`)
  await expect(page.getByTestId('live-status')).toHaveText(/Live/)

  cut = true
  for (const ws of open.splice(0)) await ws.close({ code: 4000, reason: 'network down' })
  await expect(page.getByTestId('live-status')).toHaveText(/Reconnecting/)
  // The shop moves the order meanwhile (the service role may only read orders).
  const moved = await sql().query(`update orders set status = 'confirmed', version = $2 where id = $1`, [
    order.id,
    order.version,
  ])
  expect(moved.rowCount).toBe(1)
  await page.waitForTimeout(500)
  await expect(card.locator('.badge').first()).toHaveText('Pending')

  cut = false
  await expect(page.getByTestId('live-status')).toHaveText(/Live/, { timeout: 20_000 })
  await expect(card.locator('.badge').first()).toHaveText('Confirmed')
})
