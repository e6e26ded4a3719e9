// What an order email says, as plain data: the subject, the words for each status, where the
// order stands in its lifecycle, delivery details, items and links. Both the HTML (the
// compiled MJML template) and the text part are drawn from this one view.
import { LIFECYCLE, type OrderStatus } from '../_shared/order-status.ts'
import type { Brand } from './brand.ts'

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

export interface EmailLinks {
  tracker: string
  /** The app's page that turns order emails off (no sign-in: the link carries a signed token). */
  unsubscribe: string
  /** Where a signed-in customer switches order emails on and off. */
  preferences: string
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

const STEP_LABELS: Record<OrderStatus, string> = { ...STATUS_LABELS, processing: 'Preparing' }

const HEADLINES: Record<OrderStatus, string> = {
  pending: 'Thanks for your order',
  confirmed: 'Your order is confirmed',
  processing: 'We are preparing your order',
  shipped: 'Your order is on its way',
  out_for_delivery: 'Arriving today',
  delivered: 'Your order has been delivered',
  cancelled: 'Your order has been cancelled',
}

function intro(status: OrderStatus, number: string, carrier: string | null): string {
  const by = carrier ? ` with ${carrier}` : ''
  switch (status) {
    case 'pending':
      return `We have received order ${number} and will confirm it shortly.`
    case 'confirmed':
      return `We have confirmed order ${number} and will start preparing it soon.`
    case 'processing':
      return `Order ${number} is being picked and packed.`
    case 'shipped':
      return `Order ${number} has left us${by}.`
    case 'out_for_delivery':
      return `Order ${number} is out for delivery${by} and should reach you today.`
    case 'delivered':
      return `Order ${number} has been delivered. We hope you enjoy it.`
    case 'cancelled':
      return `Order ${number} has been cancelled. You can still see it in your order history.`
  }
}

export function money(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100)
}

export function formatDate(isoDate: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(isoDate))
}

export function trackerUrl(appUrl: string, number: string): string {
  return `${appUrl.replace(/\/+$/, '')}/track/${encodeURIComponent(number)}`
}

function steps(status: OrderStatus, brand: Brand) {
  const at = LIFECYCLE.indexOf(status)
  return LIFECYCLE.map((s, i) => ({
    label: STEP_LABELS[s],
    state: i < at ? 'done' : i === at ? 'current' : 'todo',
    barColor: i <= at ? brand.color : '#dde1e6',
    barClass: i <= at ? '' : 'todo',
    labelColor: i <= at ? '#1f2328' : '#6e7781',
    labelClass: i <= at ? '' : 'muted',
    labelWeight: i === at ? '700' : '400',
  }))
}

function deliveryRows(order: OrderForEmail, status: OrderStatus): { label: string; value: string }[] {
  if (status === 'cancelled') return []
  const rows: { label: string; value: string }[] = []
  if (order.carrier) rows.push({ label: 'Carrier', value: order.carrier })
  if (order.tracking_number) rows.push({ label: 'Tracking number', value: order.tracking_number })
  if (order.estimated_delivery && status !== 'delivered')
    rows.push({ label: 'Estimated delivery', value: formatDate(order.estimated_delivery) })
  return rows
}

export function orderEmailView(
  order: OrderForEmail,
  event: OrderEventForEmail,
  brand: Brand,
  links: EmailLinks,
) {
  const status = event.kind === 'created' ? 'pending' : (event.to_status ?? order.status)
  const label = STATUS_LABELS[status]
  const subject =
    event.kind === 'created'
      ? `Order ${order.number} received`
      : `Order ${order.number} is now ${label.toLowerCase()}`
  const firstName = order.customer.name.trim().split(/\s+/)[0] || order.customer.name
  const message = intro(status, order.number, order.carrier)
  const rows = deliveryRows(order, status)
  const eta = rows.find((r) => r.label === 'Estimated delivery')
  return {
    subject,
    preheader: `${HEADLINES[status]}.${eta ? ` Estimated delivery: ${eta.value}.` : ''} ${order.number}, ${money(order.total_cents, order.currency)}.`,
    greeting: `Hello ${firstName},`,
    headline: HEADLINES[status],
    message,
    intro: `Hello ${firstName}, ${message.replace(/^We /, 'we ').replace(/^Order /, 'order ')}`,
    orderNumber: order.number,
    status,
    statusLabel: label,
    cancelled: status === 'cancelled',
    stepNumber: LIFECYCLE.indexOf(status) + 1,
    stepCount: LIFECYCLE.length,
    steps: steps(status, brand),
    delivery: rows.length ? { rows } : null,
    items: order.items.map((i) => ({
      description: i.description,
      quantity: i.quantity,
      unitPrice: money(i.unit_price_cents, order.currency),
      lineTotal: money(i.line_total_cents, order.currency),
    })),
    total: money(order.total_cents, order.currency),
    recipient: order.customer.email,
    shopName: brand.name,
    brandColor: brand.color,
    onBrandColor: brand.onColor,
    logoUrl: brand.logoUrl,
    shopAddress: brand.address,
    trackerUrl: links.tracker,
    unsubscribeUrl: links.unsubscribe,
    preferencesUrl: links.preferences,
  }
}

export type OrderEmailView = ReturnType<typeof orderEmailView>
