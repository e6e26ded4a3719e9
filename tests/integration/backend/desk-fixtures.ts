// Orders placed at chosen times for the dashboard, export and bulk-move tests, arranged as
// the superuser with triggers off (no timeline, no webhook, no email).
import { arrange } from './fixtures.ts'

export interface Placed {
  /** Local day relative to the shop's today (0 = today, -3 = three days ago), at `at` local time. */
  day?: number
  at?: string
  /** Or an exact age, e.g. '10 minutes'. */
  ago?: string
  status?: string
  currency?: string
  totalCents?: number
  /** Estimated delivery, in days relative to the shop's today. */
  etaDay?: number
}

export interface PlacedRow {
  id: string
  number: string
  version: number
  status: string
  created_at: string
}

/** One order for `customerId`, placed as `p` says in the shop's time zone `zone`. */
export function placeOrder(customerId: string, zone: string, p: Placed = {}): Promise<PlacedRow> {
  return arrange<PlacedRow>(
    `with clock as (select (now() at time zone $2)::date as today)
     insert into public.orders (customer_id, status, currency, total_cents, created_at, updated_at, estimated_delivery)
     select $1, $3::public.order_status, $4, $5, t.at, t.at, case when $8::int is null then null else today + $8::int end
       from clock, lateral (select coalesce(now() - $7::interval,
                                            ((today + $6::int)::timestamp + $9::time) at time zone $2) as at) t
     returning id, number, version, status, created_at`,
    [
      customerId,
      zone,
      p.status ?? 'pending',
      p.currency ?? 'USD',
      p.totalCents ?? 1000,
      p.day ?? 0,
      p.ago ?? null,
      p.etaDay ?? null,
      p.at ?? '12:00',
    ],
  )
}

/** A zone where it is now between 01:00 and 02:00, so "a few minutes ago" is today and
 * "three hours ago" is yesterday, whatever the time of day the test runs. */
export function zoneJustPastMidnight(now = new Date()): string {
  let k = 1 - now.getUTCHours()
  if (k < -12) k += 24
  return k >= 0 ? `Etc/GMT-${k}` : `Etc/GMT+${-k}`
}

/** What public.dashboard() answers. */
export interface Dashboard {
  time_zone: string
  today: string
  pending_alert_minutes: number
  counts: Record<string, number>
  orders_today: { orders: number; revenue: { currency: string; cents: number }[] }
  orders_last_7_days: { orders: number; revenue: { currency: string; cents: number }[] }
  attention: {
    pending_too_long: number
    email_failed: number
    past_eta: number
    orders: { number: string; reason: string; customer_name: string }[]
  }
  per_day: { day: string; total: number; by_status: Record<string, number> }[]
}
