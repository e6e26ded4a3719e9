// One customer for the admin: their row, their overview from the database (order count,
// lifetime spend per currency, sign-in state: public.customer_overview) and their orders,
// newest first, kept live from the desk topic.
import { type Ref, ref, shallowRef, watch } from 'vue'
import { type LiveChange, liveChannel, topics } from '@/lib/channels'
import type { Revenue } from '@/lib/dashboard'
import type { Customer } from '@/lib/model'
import { supabase } from '@/lib/supabase'
import type { OrderListRow } from '@/stores/orders'
import { useDebounce } from './useDebounce'
import { useLive } from './useLive'

export interface SignIn {
  state: 'linked' | 'invited' | 'none'
  last_sign_in_at: string | null
  invited_at: string | null
  email_confirmed_at: string | null
}

export interface CustomerOverview {
  customer_id: string
  orders: number
  open_orders: number
  last_order_at: string | null
  lifetime_spend: Revenue[]
  sign_in: SignIn | null
}

/** The name of the customer `id` names, for labels ('' until known or when none). */
export function useCustomerName(id: Ref<string>) {
  const name = ref('')
  watch(
    id,
    async (value) => {
      name.value = ''
      if (!value) return
      const { data } = await supabase.from('customers').select('name').eq('id', value).maybeSingle()
      if (id.value === value) name.value = data?.name ?? ''
    },
    { immediate: true },
  )
  return name
}

const ORDERS_SHOWN = 100

export function useCustomer(id: Ref<string>) {
  const customer = shallowRef<Customer | null>()
  const overview = shallowRef<CustomerOverview>()
  const orders = ref<OrderListRow[]>([])
  const error = ref<unknown>(null)

  async function load(): Promise<void> {
    const [row, summary, list] = await Promise.all([
      supabase.from('customers').select('*').eq('id', id.value).maybeSingle(),
      supabase.rpc('customer_overview', { customer_id: id.value }),
      supabase
        .from('order_list')
        .select('*')
        .eq('customer_id', id.value)
        .order('created_at', { ascending: false })
        .order('number', { ascending: false })
        .limit(ORDERS_SHOWN),
    ])
    // Not a customer id at all (a mistyped address): there is no such customer.
    if (row.error?.code === '22P02') return void (customer.value = null)
    error.value = row.error ?? summary.error ?? list.error
    if (error.value) throw error.value
    customer.value = row.data
    overview.value = (summary.data ?? undefined) as unknown as CustomerOverview | undefined
    orders.value = list.data ?? []
  }

  const reloadSoon = useDebounce(() => void load().catch(() => {}), 200).run
  const concerns = (c: LiveChange, key: 'customer_id' | 'id') =>
    c.record?.[key] === id.value || c.old_record?.[key] === id.value

  const live = useLive({
    channel: () =>
      liveChannel(supabase, topics.desk, {
        orders: (c) => concerns(c, 'customer_id') && reloadSoon(),
        customers: (c) => concerns(c, 'id') && reloadSoon(),
      }),
    fetch: load,
  })
  watch(id, () => void load().catch(() => {}))

  return { customer, overview, orders, error, status: live.status, shown: ORDERS_SHOWN, load }
}
