// Bulk moves on the dashboard: which orders of the page are ticked, and moving them in one
// call (public.move_orders), each with the version its row shows, answered per order.
import { type Ref, computed, ref } from 'vue'
import type { MoveResult } from '@/lib/bulk'
import type { OrderStatus } from '@/lib/model'
import { moveOrders } from '@/lib/desk-queries'
import { supabase } from '@/lib/supabase'
import type { OrderListRow } from '@/stores/orders'

export function useBulkMove(rows: Ref<OrderListRow[]>) {
  const selected = ref<Record<string, true>>({})
  const results = ref<MoveResult[]>([])
  const target = ref<OrderStatus | ''>('')
  const busy = ref(false)
  const error = ref<unknown>(null)

  const chosen = computed(() => rows.value.filter((r) => selected.value[r.id!]))
  const allOnPage = computed(() => rows.value.length > 0 && chosen.value.length === rows.value.length)

  function toggle(id: string) {
    const { [id]: was, ...rest } = selected.value
    selected.value = was ? rest : { ...rest, [id]: true }
  }

  function toggleAll() {
    selected.value = allOnPage.value ? {} : Object.fromEntries(rows.value.map((r) => [r.id!, true as const]))
  }

  const clear = () => (selected.value = {})

  /** Moves the ticked orders; the answer stays on screen until dismissed or the next move. */
  async function move(): Promise<void> {
    if (!target.value || chosen.value.length === 0) return
    busy.value = true
    error.value = null
    const { data, error: e } = await moveOrders(
      supabase,
      chosen.value.map((r) => ({ id: r.id!, version: r.version! })),
      target.value,
    )
    busy.value = false
    error.value = e
    if (e) return
    results.value = data
    clear()
  }

  return { selected, chosen, allOnPage, target, busy, error, results, toggle, toggleAll, clear, move }
}
