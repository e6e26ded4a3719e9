// The README's pictures, from the seeded demo desk on a fresh stack: the admin dashboard, an
// order page, the customer tracker on a phone, and the order email a status change sends.
// Run with `npm run screenshots` (not part of `npm test`); they land in docs/screenshots/.
import { type Page, expect, test } from '@playwright/test'
import { baseUrl, service, signIn } from './support.ts'

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
  await shot(desk, 'admin-dashboard')

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
  let version = order.version
  for (const patch of [
    { status: 'confirmed' },
    { status: 'processing' },
    {
      status: 'shipped',
      carrier: 'DHL Express',
      tracking_number: 'JD014600006281543',
      estimated_delivery: eta,
    },
  ]) {
    const { data, error } = await service()
      .from('orders')
      .update({ ...patch, version })
      .eq('id', order.id)
      .select('version')
      .single()
    if (error) throw error
    version = (data as { version: number }).version
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
