import assert from 'node:assert/strict'
import { type OrderForEmail, escapeHtml, renderOrderEmail, trackerUrl } from './render.ts'

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

Deno.test('a status change names the order, the new status, the items, tracking and the tracker link', () => {
  const email = renderOrderEmail(
    order,
    { kind: 'status_changed', to_status: 'shipped' },
    'https://shop.test/',
  )
  assert.equal(email.subject, 'Order ORD-000042 is now shipped')
  for (const part of [email.text, email.html]) {
    assert.match(part, /ORD-000042/)
    assert.match(part, /Shipped/)
    assert.match(part, /Espresso beans/)
    assert.match(part, /€52\.99/)
    assert.match(part, /DHL JD0123/)
    assert.match(part, /December 3, 2026/)
    assert.ok(part.includes('https://shop.test/track/ORD-000042'))
  }
  assert.match(email.text, /^Hello Alice,/)
})

Deno.test('item text is escaped in the HTML, never injected', () => {
  const email = renderOrderEmail(order, { kind: 'status_changed', to_status: 'shipped' }, 'https://shop.test')
  assert.ok(!email.html.includes('<b>&</b>'))
  assert.ok(email.html.includes(escapeHtml('Filters <b>&</b> "more"')))
  assert.ok(email.text.includes('Filters <b>&</b> "more"'))
})

Deno.test('a new order gets a "received" email; delivered and cancelled ones show no ETA', () => {
  const created = renderOrderEmail(
    { ...order, status: 'pending' },
    { kind: 'created', to_status: null },
    'https://x',
  )
  assert.equal(created.subject, 'Order ORD-000042 received')
  assert.match(created.text, /We have received your order/)
  const delivered = renderOrderEmail(
    { ...order, status: 'delivered' },
    { kind: 'status_changed', to_status: 'delivered' },
    'https://x',
  )
  assert.equal(delivered.subject, 'Order ORD-000042 is now delivered')
  assert.doesNotMatch(delivered.text, /Estimated delivery/)
})

Deno.test('tracker links encode the order number', () => {
  assert.equal(trackerUrl('https://x/app/', 'ORD 1/2'), 'https://x/app/track/ORD%201%2F2')
})
