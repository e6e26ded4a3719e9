// The notifications table through the REST API: one row per event and recipient.
import type { Rest } from '../_shared/rest.ts'
import type { OrderForEmail } from './view.ts'

export interface Notification {
  id: string
  attempts: number
  status: string
}

export interface OrderRow extends OrderForEmail {
  id: string
  customer: OrderForEmail['customer'] & { id: string; notify_email: boolean }
}

const ORDER_SELECT =
  'id,number,status,currency,total_cents,carrier,tracking_number,estimated_delivery,' +
  'customer:customers(id,name,email,notify_email),' +
  'items:order_items(description,quantity,unit_price_cents,line_total_cents,position)'

export async function loadOrder(rest: Rest, orderId: string): Promise<OrderRow | undefined> {
  const rows = (await rest(
    `/rest/v1/orders?id=eq.${encodeURIComponent(orderId)}&select=${ORDER_SELECT}&items.order=position`,
  )) as OrderRow[]
  return rows[0]
}

const key = (eventId: number, recipient: string) =>
  `event_id=eq.${eventId}&recipient=eq.${encodeURIComponent(recipient)}`

/** Creates the outbox row unless the event already has one (a duplicate webhook). */
export async function ensureRow(
  rest: Rest,
  row: {
    event_id: number
    order_id: string
    recipient: string
    status: 'pending' | 'skipped'
    last_error?: string
  },
): Promise<void> {
  await rest('/rest/v1/notifications?on_conflict=event_id,recipient', {
    method: 'POST',
    body: row,
    prefer: 'resolution=ignore-duplicates,return=minimal',
  })
}

/** Moves pending → sending atomically; only one caller gets the row. */
export async function claim(
  rest: Rest,
  eventId: number,
  recipient: string,
  subject: string,
): Promise<Notification | undefined> {
  const rows = (await rest(`/rest/v1/notifications?${key(eventId, recipient)}&status=eq.pending`, {
    method: 'PATCH',
    body: { status: 'sending', subject },
    prefer: 'return=representation',
  })) as Notification[]
  return rows[0]
}

export async function record(rest: Rest, id: string, patch: Record<string, unknown>): Promise<void> {
  await rest(`/rest/v1/notifications?id=eq.${id}`, { method: 'PATCH', body: patch, prefer: 'return=minimal' })
}
