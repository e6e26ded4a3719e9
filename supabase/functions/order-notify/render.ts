// The email a customer gets when their order is created or changes status: HTML and text.
export type OrderStatus =
  'pending' | 'confirmed' | 'processing' | 'shipped' | 'out_for_delivery' | 'delivered' | 'cancelled'

export interface OrderForEmail {
  number: string
  status: OrderStatus
  currency: string
  total_cents: number
  carrier: string | null
  tracking_number: string | null
  estimated_delivery: string | null
  customer: { name: string; email: string }
  items: { description: string; quantity: number; unit_price_cents: number; line_total_cents: number }[]
}

export interface OrderEventForEmail {
  kind: 'created' | 'status_changed'
  to_status: OrderStatus | null
}

export interface RenderedEmail {
  subject: string
  html: string
  text: string
}

export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending: 'Received',
  confirmed: 'Confirmed',
  processing: 'Being prepared',
  shipped: 'Shipped',
  out_for_delivery: 'Out for delivery',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
}

const HEADLINES: Record<OrderStatus, string> = {
  pending: 'We have received your order.',
  confirmed: 'Your order is confirmed.',
  processing: 'We are preparing your order.',
  shipped: 'Your order is on its way.',
  out_for_delivery: 'Your order is out for delivery today.',
  delivered: 'Your order has been delivered.',
  cancelled: 'Your order has been cancelled.',
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export function money(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100)
}

function formatDate(isoDate: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(isoDate))
}

export function trackerUrl(appUrl: string, number: string): string {
  return `${appUrl.replace(/\/+$/, '')}/track/${encodeURIComponent(number)}`
}

function deliveryLines(order: OrderForEmail): string[] {
  const lines: string[] = []
  if (order.estimated_delivery && order.status !== 'delivered' && order.status !== 'cancelled')
    lines.push(`Estimated delivery: ${formatDate(order.estimated_delivery)}`)
  if (order.carrier || order.tracking_number)
    lines.push(`Tracking: ${[order.carrier, order.tracking_number].filter(Boolean).join(' ')}`)
  return lines
}

export function renderOrderEmail(
  order: OrderForEmail,
  event: OrderEventForEmail,
  appUrl: string,
): RenderedEmail {
  const status = event.kind === 'created' ? 'pending' : (event.to_status ?? order.status)
  const label = STATUS_LABELS[status]
  const subject =
    event.kind === 'created'
      ? `Order ${order.number} received`
      : `Order ${order.number} is now ${label.toLowerCase()}`
  const link = trackerUrl(appUrl, order.number)
  const total = money(order.total_cents, order.currency)
  const delivery = deliveryLines(order)
  const firstName = order.customer.name.split(/\s+/)[0] ?? order.customer.name

  const text = [
    `Hello ${firstName},`,
    '',
    HEADLINES[status],
    `Order ${order.number}: ${label}`,
    '',
    ...order.items.map(
      (i) => `- ${i.quantity} × ${i.description}: ${money(i.line_total_cents, order.currency)}`,
    ),
    `Total: ${total}`,
    ...(delivery.length ? ['', ...delivery] : []),
    '',
    `Follow your order: ${link}`,
  ].join('\n')

  const rows = order.items
    .map(
      (i) =>
        `<tr><td style="padding:4px 8px">${i.quantity} × ${escapeHtml(i.description)}</td>` +
        `<td style="padding:4px 8px;text-align:right">${money(i.line_total_cents, order.currency)}</td></tr>`,
    )
    .join('')
  const html = `<!doctype html>
<html lang="en"><body style="font-family:system-ui,sans-serif;color:#1f2328;max-width:560px;margin:auto">
<p>Hello ${escapeHtml(firstName)},</p>
<h1 style="font-size:20px">${escapeHtml(HEADLINES[status])}</h1>
<p>Order <strong>${escapeHtml(order.number)}</strong>: <strong>${escapeHtml(label)}</strong></p>
<table style="border-collapse:collapse;width:100%">${rows}
<tr><td style="padding:4px 8px;border-top:1px solid #d0d7de"><strong>Total</strong></td>
<td style="padding:4px 8px;border-top:1px solid #d0d7de;text-align:right"><strong>${total}</strong></td></tr></table>
${delivery.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}
<p><a href="${escapeHtml(link)}" style="color:#0a58ca">Follow your order</a></p>
</body></html>`
  return { subject, html, text }
}
