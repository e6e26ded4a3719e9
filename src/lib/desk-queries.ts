// The desk's requests, built on any supabase-js client: the app runs them with its own
// client (stores/orders, useDashboard, useBulkMove) and `npm run bench` with a bench client,
// so the bench measures exactly what the dashboard sends.
import type { SupabaseClient } from '@supabase/supabase-js'
import type { Database } from './database.types'

type Client = SupabaseClient<Database>
type OrderStatus = Database['public']['Enums']['order_status']

export type SortKey = 'updated_at' | 'created_at' | 'number' | 'customer_name' | 'total_cents' | 'status'

export interface ListQuery {
  search: string
  status: OrderStatus | ''
  /** One customer's orders only (the dashboard's ?customer=). */
  customerId: string
  sort: SortKey
  ascending: boolean
  page: number
  perPage: number
}

/** The list as the dashboard first shows it: newest changes first, 20 a page. */
export const firstListQuery = (): ListQuery => ({
  search: '',
  status: '',
  customerId: '',
  sort: 'updated_at',
  ascending: false,
  page: 1,
  perPage: 20,
})

/** Characters PostgREST's or=() syntax gives meaning to are dropped from search text. */
export function searchFilter(text: string): string | undefined {
  const term = text.replace(/[(),*%\\"]/g, ' ').trim()
  if (!term) return undefined
  return ['number', 'customer_name', 'customer_email'].map((c) => `${c}.ilike.*${term}*`).join(',')
}

/** One page of the dashboard's list (order_list), with the count of all that match. */
export function orderPage(client: Client, q: ListQuery) {
  const from = (q.page - 1) * q.perPage
  let req = client
    .from('order_list')
    .select('*', { count: 'exact' })
    .order(q.sort, { ascending: q.ascending })
    .order('id')
    .range(from, from + q.perPage - 1)
  if (q.status) req = req.eq('status', q.status)
  if (q.customerId) req = req.eq('customer_id', q.customerId)
  const search = searchFilter(q.search)
  if (search) req = req.or(search)
  return req
}

/** The dashboard's header (public.dashboard), for the whole desk or one customer. */
export const dashboardHeader = (client: Client, customerId = '') =>
  client.rpc('dashboard', customerId ? { customer_id: customerId } : {})

/** A bulk move (public.move_orders): each order with the version its row showed. */
export const moveOrders = (client: Client, orders: { id: string; version: number }[], to: OrderStatus) =>
  client.rpc('move_orders', { orders, to_status: to })
