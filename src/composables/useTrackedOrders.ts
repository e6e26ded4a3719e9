// A customer's own orders for the tracker: linked to their customer row on first load (an
// account signed in with an emailed code or link), fetched with items and timelines, kept
// live on the customer's private topic, and the customer's own settings.
import { ref } from 'vue'
import { useDebounce } from '@/composables/useDebounce'
import { useLive } from '@/composables/useLive'
import { useLoadState } from '@/composables/useLoadState'
import { customerChannel } from '@/lib/channels'
import { friendlyError } from '@/lib/errors'
import { mergeChange, mergeList } from '@/lib/merge'
import type { Customer, Order, OrderEvent, OrderItem } from '@/lib/model'
import { supabase } from '@/lib/supabase'
import type { CustomerForm } from '@/lib/validation'

export type TrackedOrder = Order & { items: OrderItem[]; events: OrderEvent[] }

/** What the last of the customer's own actions did, said beside the controls. */
export interface Notice {
  ok: boolean
  text: string
}

export function useTrackedOrders() {
  // Said inline rather than as a toast: the toast machinery would cost phones 13 kB of JS.
  const notice = ref<Notice | null>(null)
  const notify = {
    ok: (text: string) => void (notice.value = { ok: true, text }),
    fail: (e: unknown) => void (notice.value = { ok: false, text: friendlyError(e) }),
  }
  const { loading, error, settle } = useLoadState()
  const me = ref<Customer | null>(null)
  const orders = ref<TrackedOrder[]>([])
  const busy = ref(false)

  // Signed in with an emailed code or link: links this account to its customer row first
  // (README, the link rule). Once linked there is nothing more to do.
  let linked = false
  async function refresh(): Promise<void> {
    const link = linked ? undefined : await supabase.rpc('link_my_customer')
    linked = !!link?.data?.length || linked
    const [c, o] = await Promise.all([
      supabase.from('customers').select('*').maybeSingle(),
      supabase
        .from('orders')
        .select('*, items:order_items(*), events:order_events(*)')
        .order('created_at', { ascending: false })
        .order('position', { referencedTable: 'order_items' })
        .order('id', { referencedTable: 'order_events' }),
    ])
    settle(link?.error, c.error, o.error)
    me.value = c.data
    orders.value = mergeList(orders.value, o.data as TrackedOrder[])
  }
  const refetchSoon = useDebounce(() => void refresh().catch(() => {}), 100)

  // The customer's own private topic: the database sends it their changes and no one else's.
  async function myChannel() {
    const { data, error: e } = await supabase.from('customers').select('id').maybeSingle()
    if (e) throw e
    if (!data) return undefined // an account with no customer row has nothing to follow
    return customerChannel(supabase, data.id, {
      orders: (c) => {
        const row = c.record as Order | null
        if (c.operation !== 'UPDATE' || !row || !orders.value.some((o) => o.id === row.id))
          return refetchSoon.run()
        orders.value = mergeChange(orders.value, row as Partial<TrackedOrder> & { id: string })
      },
      order_items: refetchSoon.run,
      order_events: refetchSoon.run,
    })
  }

  const live = useLive({ channel: myChannel, fetch: refresh })

  return {
    me,
    notice,
    orders,
    loading,
    error,
    busy,
    live,
    async setEmail(on: boolean): Promise<void> {
      if (!me.value) return
      const { error: e } = await supabase.from('customers').update({ notify_email: on }).eq('id', me.value.id)
      if (e) return notify.fail(e)
      me.value.notify_email = on
      notify.ok(on ? 'You will get an email when an order changes.' : 'No more emails about your orders.')
    },
    /** The customer's own contact details (the email is the shop's to change). */
    async saveDetails(form: CustomerForm): Promise<void> {
      if (!me.value) return
      busy.value = true
      const { data, error: e } = await supabase
        .from('customers')
        .update({
          name: form.name.trim(),
          phone: form.phone.trim() || null,
          address: form.address.trim() || null,
        })
        .eq('id', me.value.id)
        .select()
        .single()
      busy.value = false
      if (e) return notify.fail(e)
      me.value = data
      notify.ok('Your details are saved.')
    },
  }
}
