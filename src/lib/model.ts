// The app's view of the data: rows from the generated types, labels and lifecycle.
import type { Database } from './database.types'

type Tables = Database['public']['Tables']
export type OrderStatus = Database['public']['Enums']['order_status']
export type Customer = Tables['customers']['Row']
export type Order = Tables['orders']['Row']
export type OrderItem = Tables['order_items']['Row']
export type OrderEvent = Tables['order_events']['Row']
export type Notification = Tables['notifications']['Row']
export type OrderWithCustomer = Order & { customer: Pick<Customer, 'id' | 'name' | 'email'> | null }

export const STATUSES: OrderStatus[] = [
  'pending',
  'confirmed',
  'processing',
  'shipped',
  'out_for_delivery',
  'delivered',
  'cancelled',
]
/** The happy path, for progress views. */
export const PROGRESS: OrderStatus[] = STATUSES.slice(0, 6)

export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending: 'Pending',
  confirmed: 'Confirmed',
  processing: 'Processing',
  shipped: 'Shipped',
  out_for_delivery: 'Out for delivery',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
}

/** Badge colours chosen for AA contrast with their text colour. */
export const STATUS_VARIANTS: Record<OrderStatus, string> = {
  pending: 'secondary',
  confirmed: 'info',
  processing: 'primary',
  shipped: 'warning',
  out_for_delivery: 'warning',
  delivered: 'success',
  cancelled: 'danger',
}

/** The same rule the database enforces (public.next_statuses), to offer only legal moves. */
export function nextStatuses(status: OrderStatus): OrderStatus[] {
  if (status === 'delivered' || status === 'cancelled') return []
  const next = STATUSES[STATUSES.indexOf(status) + 1]!
  return [next, 'cancelled']
}

export function money(cents: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100)
}

export function dateTime(iso: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
}

export function day(isoDate: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(isoDate))
}

/** Kept here for the pages that import it with the model; the rule lives in ./merge. */
export { newer } from './merge'
