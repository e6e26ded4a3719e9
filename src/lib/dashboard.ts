// The dashboard's header as public.dashboard() returns it, and the plain-words pieces drawn
// from it (amounts per currency, the chart's series and its text alternative).
import { type OrderStatus, STATUSES, STATUS_LABELS, money } from './model'

export interface Revenue {
  currency: string
  cents: number
}

export interface Period {
  orders: number
  revenue: Revenue[]
}

export type AttentionReason = 'pending_too_long' | 'email_failed' | 'past_eta'

export interface AttentionOrder {
  id: string
  number: string
  status: OrderStatus
  version: number
  customer_id: string
  customer_name: string
  reason: AttentionReason
  since: string
  estimated_delivery: string | null
}

export interface DayCount {
  day: string
  total: number
  by_status: Record<OrderStatus, number>
}

export interface Dashboard {
  as_of: string
  time_zone: string
  today: string
  pending_alert_minutes: number
  customer_id: string | null
  counts: Record<OrderStatus, number>
  orders_today: Period
  orders_last_7_days: Period
  attention: Record<AttentionReason, number> & { orders: AttentionOrder[] }
  per_day: DayCount[]
}

/**
 * Money in several currencies is never added up (no exchange rates): one amount per
 * currency, largest first, e.g. "$1,200.00 + €80.00".
 */
export function amounts(revenue: Revenue[]): string {
  if (!revenue.length) return money(0)
  return revenue.map((r) => money(r.cents, r.currency)).join(' + ')
}

export const REASON_LABELS: Record<AttentionReason, string> = {
  pending_too_long: 'Pending too long',
  email_failed: 'Email failed',
  past_eta: 'Past its delivery date',
}

/** "1 day", "3 hours", "45 minutes": the pending threshold in words. */
const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

export function minutesInWords(minutes: number): string {
  if (minutes % 1440 === 0) return unit(minutes / 1440, 'day')
  if (minutes % 60 === 0) return unit(minutes / 60, 'hour')
  return unit(minutes, 'minute')
}

/** A day of the chart as a short label ("Nov 26"); the day is the shop's calendar day. */
export function dayLabel(isoDate: string): string {
  return new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  )
}

/** The chart in one sentence, for screen readers (the table gives every number). */
export function describeDays(days: DayCount[]): string {
  const total = days.reduce((n, d) => n + d.total, 0)
  if (!days.length) return 'No days to show.'
  const busiest = days.reduce((a, b) => (b.total > a.total ? b : a))
  const span = `${dayLabel(days[0]!.day)} to ${dayLabel(days.at(-1)!.day)}`
  if (total === 0) return `No orders were placed from ${span}.`
  return (
    `${total} order${total === 1 ? '' : 's'} placed from ${span}, ` +
    `most on ${dayLabel(busiest.day)} (${busiest.total}). Bars are split by each order's status now.`
  )
}

/** Statuses that occur at all in the 14 days, in lifecycle order (empty series are noise). */
export function statusesShown(days: DayCount[]): OrderStatus[] {
  return STATUSES.filter((s) => days.some((d) => (d.by_status[s] ?? 0) > 0))
}

export const statusLabel = (s: OrderStatus) => STATUS_LABELS[s]

/** The chart's colour per status, close to the badges' (Bootstrap's palette). */
export const STATUS_COLOURS: Record<OrderStatus, string> = {
  pending: '#6c757d',
  confirmed: '#0dcaf0',
  processing: '#0d6efd',
  shipped: '#ffc107',
  out_for_delivery: '#fd7e14',
  delivered: '#198754',
  cancelled: '#dc3545',
}

/**
 * The 14 days as stacked bars: per status that occurs, the running total up to and
 * including it, tallest first (each bar is drawn over the taller ones behind it).
 */
export function stackDays(days: DayCount[]): { status: OrderStatus; tops: number[] }[] {
  let below = days.map(() => 0)
  const layers: { status: OrderStatus; tops: number[] }[] = []
  for (const status of statusesShown(days)) {
    below = days.map((d, i) => below[i]! + (d.by_status[status] ?? 0))
    layers.unshift({ status, tops: below })
  }
  return layers
}
