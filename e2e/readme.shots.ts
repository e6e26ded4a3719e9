// The README's pictures, from the seeded demo desk on a fresh stack: the admin dashboard, a
// customer's page, an order page, the customer tracker on a phone, and the order email a
// status change sends.
// Run with `npm run screenshots` (not part of `npm test`); they land in docs/screenshots/.
import { type Page, expect, test } from '@playwright/test'
import { baseUrl, service, signIn, sql } from './support.ts'

const OUT = 'docs/screenshots'
const shot = (page: Page, name: string) => page.screenshot({ path: `${OUT}/${name}.png` })

async function orderByNumber(number: string) {
  const { data, error } = await service().from('orders').select('id, version').eq('number', number).single()
  if (error) throw error
  return data as { id: string; version: number }
}

test('README screenshots', async ({ browser }) => {
  const desk = await (
    await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: baseUrl() })
  ).newPage()
  await signIn(desk, 'admin@example.com', 'admin-password')
  await expect(desk.getByTestId('live-status')).toHaveText(/Live/)
  await expect(desk.getByTestId('chart-summary')).toBeVisible()
  await shot(desk, 'admin-dashboard')

  const { data: alice } = await service()
    .from('customers')
    .select('id')
    .eq('email', 'alice@example.com')
    .single()
  await desk.goto(`/admin/customers/${(alice as { id: string }).id}`)
  await expect(desk.getByTestId('order-count')).toBeVisible()
  await shot(desk, 'customer-page')

  const shipped = await orderByNumber('ORD-000004')
  await desk.goto(`/admin/orders/${shipped.id}`)
  await expect(desk.getByTestId('timeline')).toContainText('Shipped')
  await shot(desk, 'order-page')

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    baseURL: baseUrl(),
  })
  const tracker = await phone.newPage()
  await signIn(tracker, 'alice@example.com', 'alice-password')
  await expect(tracker.getByTestId('live-status')).toHaveText(/Live/)
  await shot(tracker, 'tracker-phone')

  // Alice's newest order ships: the real webhook, function and sink produce the email.
  const order = await orderByNumber('ORD-000001')
  const eta = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)
  // The service role may only read orders: the moves go through SQL, as the webhook sees them.
  let version = order.version
  for (const [status, carrier, tracking, due] of [
    ['confirmed', null, null, null],
    ['processing', null, null, null],
    ['shipped', 'DHL Express', 'JD014600006281543', eta],
  ]) {
    const { rows } = await sql().query<{ version: number }>(
      `update orders set status = $2, carrier = coalesce($3, carrier), tracking_number = coalesce($4, tracking_number),
              estimated_delivery = coalesce($5::date, estimated_delivery), version = $6
        where id = $1 returning version`,
      [order.id, status, carrier, tracking, due, version],
    )
    version = rows[0]!.version
  }
  const stack = JSON.parse(process.env.TEST_STACK!) as { mailUrl: string }
  let html: string | undefined
  await expect(async () => {
    const res = await fetch(`${stack.mailUrl}/api/messages?to=alice@example.com`)
    const { messages } = (await res.json()) as { messages: { subject: string; html: string }[] }
    html = messages.find((m) => m.subject === 'Order ORD-000001 is now shipped')?.html
    expect(html).toBeTruthy()
  }).toPass({ timeout: 15_000 })
  const mail = await (await browser.newContext({ viewport: { width: 720, height: 900 } })).newPage()
  await mail.setContent(html!)
  await mail.screenshot({ path: `${OUT}/email.png`, fullPage: true })
})
