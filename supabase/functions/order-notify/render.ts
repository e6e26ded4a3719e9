// Renders an order email: the HTML from the compiled MJML template, a text part saying the
// same, and the headers mail clients use for one-click unsubscribe (RFC 8058).
// @ts-types="npm:@types/mustache@4.2.6"
import Mustache from 'mustache'
import type { Brand } from './brand.ts'
import { orderUpdateHtml } from './emails/order-update.html.ts'
import {
  type EmailLinks,
  type OrderEmailView,
  type OrderEventForEmail,
  type OrderForEmail,
  orderEmailView,
} from './view.ts'

export interface RenderedEmail {
  subject: string
  html: string
  text: string
  headers: Record<string, string>
}

export interface OrderEmailLinks extends EmailLinks {
  /** The endpoint a mail client POSTs `List-Unsubscribe=One-Click` to. */
  oneClickUnsubscribe: string
}

/** Enough for HTML text and double-quoted attributes; URLs keep their slashes readable. */
export function escapeHtml(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function textPart(v: OrderEmailView): string {
  const width = Math.max(...v.items.map((i) => `${i.quantity} × ${i.description}`.length), 5)
  const amounts = Math.max(...v.items.map((i) => i.lineTotal.length), v.total.length)
  const line = (left: string, right: string) => `  ${left.padEnd(width + 2)}${right.padStart(amounts)}`
  const steps = v.steps.map(
    (s) => `${s.state === 'done' ? '✓' : s.state === 'current' ? '●' : '○'} ${s.label}`,
  )
  return [
    `${v.shopName}: order ${v.orderNumber}`,
    '',
    v.greeting,
    '',
    `${v.headline}. ${v.message}`,
    '',
    v.cancelled
      ? 'Status: Cancelled. This order will not be delivered.'
      : `Status: ${v.statusLabel} (step ${v.stepNumber} of ${v.stepCount})\n  ${steps.join('  ')}`,
    ...(v.delivery ? ['', 'Delivery', ...v.delivery.rows.map((r) => `  ${r.label}: ${r.value}`)] : []),
    '',
    'Your items',
    ...v.items.map((i) => line(`${i.quantity} × ${i.description}`, i.lineTotal)),
    line('Total', v.total),
    '',
    `Track your order: ${v.trackerUrl}`,
    '',
    '--',
    `You are getting this email because you have an order with ${v.shopName} and order emails are on for ${v.recipient}.`,
    `Turn off order emails: ${v.unsubscribeUrl}`,
    `Email preferences: ${v.preferencesUrl}`,
    ...(v.shopAddress ? [`${v.shopName}, ${v.shopAddress}`] : []),
    '',
  ].join('\n')
}

export function renderOrderEmail(
  order: OrderForEmail,
  event: OrderEventForEmail,
  brand: Brand,
  links: OrderEmailLinks,
): RenderedEmail {
  const view = orderEmailView(order, event, brand, links)
  return {
    subject: view.subject,
    html: Mustache.render(orderUpdateHtml, view, {}, { escape: escapeHtml }),
    text: textPart(view),
    headers: {
      'List-Unsubscribe': `<${links.oneClickUnsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  }
}
