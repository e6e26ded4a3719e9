// The dashboard's header from the database (public.dashboard, under the caller's RLS):
// loaded with the list, and again shortly after live changes, a burst of changes (a bulk
// move of fifty orders) costing one reload.
import { type Ref, ref, shallowRef } from 'vue'
import type { Dashboard } from '@/lib/dashboard'
import { dashboardHeader } from '@/lib/desk-queries'
import { supabase } from '@/lib/supabase'
import { useDebounce } from './useDebounce'

const SETTLE_MS = 300

export function useDashboard(customerId: Ref<string>) {
  const data = shallowRef<Dashboard>()
  const error = ref<unknown>(null)
  let request = 0

  async function load(): Promise<void> {
    const mine = ++request
    const res = await dashboardHeader(supabase, customerId.value)
    if (mine !== request) return
    error.value = res.error
    if (res.error) throw res.error
    data.value = res.data as unknown as Dashboard
  }

  /** After a live change: one reload once the changes have settled. */
  const reloadSoon = useDebounce(() => void load().catch(() => {}), SETTLE_MS).run
  return { data, error, load, reloadSoon }
}
