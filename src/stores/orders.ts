// The admin dashboard's page of orders: server-side search, filter, sort and pagination,
// with live changes merged in by version and new or changed rows highlighted.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Database } from '@/lib/database.types'
import { type OrderStatus, newer } from '@/lib/model'
import { supabase } from '@/lib/supabase'

export type OrderListRow = Database['public']['Views']['order_list']['Row']
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

/** Characters PostgREST's or=() syntax gives meaning to are dropped from search text. */
export function searchFilter(text: string): string | undefined {
  const term = text.replace(/[(),*%\\"]/g, ' ').trim()
  if (!term) return undefined
  return ['number', 'customer_name', 'customer_email'].map((c) => `${c}.ilike.*${term}*`).join(',')
}

export const useOrdersStore = defineStore('orders', () => {
  const rows = ref<OrderListRow[]>([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref<unknown>(null)
  const highlighted = ref<Record<string, number>>({})
  const query = ref<ListQuery>({
    search: '',
    status: '',
    customerId: '',
    sort: 'updated_at',
    ascending: false,
    page: 1,
    perPage: 20,
  })
  let request = 0

  const pages = computed(() => Math.max(1, Math.ceil(total.value / query.value.perPage)))

  async function load(): Promise<void> {
    const mine = ++request
    loading.value = true
    const q = query.value
    const from = (q.page - 1) * q.perPage
    let req = supabase
      .from('order_list')
      .select('*', { count: 'exact' })
      .order(q.sort, { ascending: q.ascending })
      .order('id')
      .range(from, from + q.perPage - 1)
    if (q.status) req = req.eq('status', q.status)
    if (q.customerId) req = req.eq('customer_id', q.customerId)
    const search = searchFilter(q.search)
    if (search) req = req.or(search)
    const res = await req
    if (mine !== request) return
    loading.value = false
    error.value = res.error
    if (res.error) throw res.error
    rows.value = res.data.map((r) =>
      newer(
        rows.value.find((x) => x.id === r.id),
        r,
      ),
    )
    total.value = res.count ?? res.data.length
  }

  function highlight(id: string) {
    highlighted.value = { ...highlighted.value, [id]: Date.now() }
    setTimeout(() => {
      const { [id]: _gone, ...rest } = highlighted.value
      highlighted.value = rest
    }, 4000)
  }

  /**
   * A change from realtime: merge it into the page when the row is shown (never going back
   * to an older version), and say whether the page must be reloaded (new rows, order moves).
   */
  function applyChange(change: { eventType: string; new: Partial<OrderListRow> }): boolean {
    const id = change.new.id
    if (!id) return true
    highlight(id)
    const i = rows.value.findIndex((r) => r.id === id)
    if (change.eventType !== 'UPDATE' || i < 0) return true
    rows.value[i] = newer(rows.value[i], { ...rows.value[i]!, ...change.new })
    return query.value.sort !== 'number' && query.value.sort !== 'created_at'
  }

  return { rows, total, loading, error, highlighted, query, pages, load, applyChange, highlight }
})
