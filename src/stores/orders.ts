// The admin dashboard's page of orders: server-side search, filter, sort and pagination,
// with live changes merged in by version and new or changed rows highlighted.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Database } from '@/lib/database.types'
import { newer } from '@/lib/model'
import { type ListQuery, firstListQuery, orderPage } from '@/lib/desk-queries'
import { supabase } from '@/lib/supabase'

export { type ListQuery, type SortKey, searchFilter } from '@/lib/desk-queries'

export type OrderListRow = Database['public']['Views']['order_list']['Row']
export const useOrdersStore = defineStore('orders', () => {
  const rows = ref<OrderListRow[]>([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref<unknown>(null)
  const highlighted = ref<Record<string, number>>({})
  const query = ref<ListQuery>(firstListQuery())
  let request = 0

  const pages = computed(() => Math.max(1, Math.ceil(total.value / query.value.perPage)))

  async function load(): Promise<void> {
    const mine = ++request
    loading.value = true
    const q = query.value
    const res = await orderPage(supabase, q)
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
