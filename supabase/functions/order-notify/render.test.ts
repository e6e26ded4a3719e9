import assert from 'node:assert/strict'
import { DEFAULT_BRAND, brandFrom, textOn } from './brand.ts'
import { type OrderEmailLinks, renderOrderEmail } from './render.ts'
import { type OrderForEmail, trackerUrl } from './view.ts'

const order: OrderForEmail = {
  number: 'ORD-000042',
  status: 'shipped',
  currency: 'EUR',
  total_cents: 5299,
  carrier: 'DHL',
  tracking_number: 'JD0123',
  estimated_delivery: '2026-12-03',
  customer: { name: 'Alice Andersen', email: 'alice@example.com' },
  items: [
    { description: 'Espresso beans', quantity: 2, unit_price_cents: 2450, line_total_cents: 4900 },
    { description: 'Filters <b>&</b> "more"', quantity: 1, unit_price_cents: 399, line_total_cents: 399 },
  ],
}

const links: OrderEmailLinks = {
  tracker: 'https://shop.test/track/ORD-000042',
  unsubscribe: 'https://shop.test/unsubscribe?token=abc.def',
  preferences: 'https://shop.test/track',
  oneClickUnsubscribe: 'https://api.shop.test/functions/v1/unsubscribe?token=abc.def',
}

const env = (vars: Record<string, string>) => (name: string) => vars[name]
const brand = { ...DEFAULT_BRAND, name: 'Harbour Coffee', color: '#7c2d12', onColor: '#ffffff' }
const shipped = () => renderOrderEmail(order, { kind: 'status_changed', to_status: 'shipped' }, brand, links)

Deno.test(
  'a status change names the shop, the order, the new status, items, tracking and the tracker',
  () => {
    const email = shipped()
    assert.equal(email.subject, 'Order ORD-000042 is now shipped')
    for (const part of [email.text, email.html]) {
      for (const want of [
        'Harbour Coffee',
        'ORD-000042',
        'Shipped',
        'Espresso beans',
        '€52.99',
        '€49.00',
        'DHL',
        'JD0123',
        'December 3, 2026',
      ]) {
        assert.ok(part.includes(want), `missing ${want}`)
      }
      assert.ok(part.includes(links.tracker))
    }
    assert.match(email.text, /Hello Alice,/)
    assert.match(email.text, /Status: Shipped \(step 4 of 6\)/)
    assert.match(email.text, /✓ Being prepared|✓ Preparing/)
    assert.match(email.html, /Step 4 of 6/)
    assert.ok(email.html.includes('background-color: #7c2d12'), 'the brand colour paints the reached steps')
  },
)

Deno.test('the footer says why and offers one-click unsubscribe; the headers follow RFC 8058', () => {
  const email = shipped()
  for (const part of [email.text, email.html]) {
    assert.ok(part.includes('order emails are on for alice@example.com'))
    assert.ok(part.includes(links.preferences))
  }
  assert.ok(email.text.includes(`Turn off order emails: ${links.unsubscribe}`))
  assert.ok(email.html.includes(`href="${links.unsubscribe}"`))
  assert.deepEqual(email.headers, {
    'List-Unsubscribe': `<${links.oneClickUnsubscribe}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  })
})

Deno.test('the HTML is a table layout with inline styles, dark-mode aware, and a preheader', () => {
  const { html } = shipped()
  assert.match(html, /<table[^>]+role="presentation"/)
  assert.match(html, /@media \(prefers-color-scheme: dark\)/)
  assert.match(html, /<meta name="color-scheme" content="light dark"/)
  assert.match(html, /Your order is on its way\. Estimated delivery: December 3, 2026\./)
  assert.doesNotMatch(html, /\{\{|\}\}/, 'every template tag is filled in')
})

Deno.test('item text is escaped in the HTML, never injected; the text part keeps it as typed', () => {
  const email = shipped()
  assert.ok(!email.html.includes('<b>&</b>'))
  assert.ok(email.html.includes('Filters &#60;b&#62;&#38;&#60;/b&#62; &#34;more&#34;'))
  assert.ok(email.text.includes('Filters <b>&</b> "more"'))
})

Deno.test('a new order gets a "received" email at step 1; delivered and cancelled ones show no ETA', () => {
  const created = renderOrderEmail(
    { ...order, status: 'pending' },
    { kind: 'created', to_status: null },
    brand,
    links,
  )
  assert.equal(created.subject, 'Order ORD-000042 received')
  assert.match(created.text, /Thanks for your order\. We have received order ORD-000042/)
  assert.match(created.text, /step 1 of 6/)
  const delivered = renderOrderEmail(order, { kind: 'status_changed', to_status: 'delivered' }, brand, links)
  assert.equal(delivered.subject, 'Order ORD-000042 is now delivered')
  assert.doesNotMatch(delivered.text, /Estimated delivery/)
  const cancelled = renderOrderEmail(order, { kind: 'status_changed', to_status: 'cancelled' }, brand, links)
  assert.match(cancelled.text, /Status: Cancelled\. This order will not be delivered\./)
  assert.doesNotMatch(cancelled.text, /Delivery|step \d of/)
  assert.doesNotMatch(cancelled.html, /Step \d of 6/)
})

Deno.test(
  'branding comes from the environment; anything malformed falls back instead of reaching the HTML',
  () => {
    assert.deepEqual(
      brandFrom(
        env({
          SHOP_NAME: 'Harbour',
          SHOP_BRAND_COLOR: '#FFD700',
          SHOP_LOGO_URL: 'https://cdn.test/logo.png',
        }),
      ),
      {
        name: 'Harbour',
        color: '#ffd700',
        onColor: '#111827',
        logoUrl: 'https://cdn.test/logo.png',
        address: null,
      },
    )
    const hostile = brandFrom(
      env({ SHOP_BRAND_COLOR: 'red;background:url(x)', SHOP_LOGO_URL: 'javascript:alert(1)' }),
    )
    assert.equal(hostile.color, DEFAULT_BRAND.color)
    assert.equal(hostile.logoUrl, null)
    assert.equal(textOn('#1d4ed8'), '#ffffff')
    const withLogo = renderOrderEmail(
      order,
      { kind: 'created', to_status: null },
      { ...brand, logoUrl: 'https://cdn.test/l.png' },
      links,
    )
    assert.match(withLogo.html, /<img[^>]+src="https:\/\/cdn.test\/l.png"/)
  },
)

Deno.test('tracker links encode the order number', () => {
  assert.equal(trackerUrl('https://x/app/', 'ORD 1/2'), 'https://x/app/track/ORD%201%2F2')
})
