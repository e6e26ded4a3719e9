// One order for the admin's order page: fetched with its customer, items, timeline and
// emails, kept live on the order's private topic, and the actions on it. Each save names the
// version it was made on; the answer says whether it was saved, refused as stale, or failed.
import { computed, ref } from 'vue'
import { useLive } from '@/composables/useLive'
import { useLoadState } from '@/composables/useLoadState'
import { useNotify } from '@/composables/useNotify'
import { orderChannel } from '@/lib/channels'
import { isStaleVersion } from '@/lib/errors'
import { newer } from '@/lib/merge'
import {
  type Customer,
  type Notification,
  type Order,
  type OrderEvent,
  type OrderItem,
  STATUS_LABELS,
  nextStatuses,
} from '@/lib/model'
import { supabase } from '@/lib/supabase'
import { type ItemForm, itemsPayload } from '@/lib/validation'

export type FullOrder = Order & { customer: Customer | null; items: OrderItem[] }
export type OrderDetails = Pick<Order, 'notes' | 'carrier' | 'tracking_number' | 'estimated_delivery'>
export type Outcome = 'saved' | 'stale' | 'failed'

/** `onFresh`: called with the order each time a newer copy arrives (fetched or heard). */
export function useOrder(id: string, onFresh: (o: FullOrder) => void = () => {}) {
  const notify = useNotify()
  const { loading, error: failed, settle } = useLoadState()
  const order = ref<FullOrder>()
  const events = ref<OrderEvent[]>([])
  const mail = ref<Notification[]>([])
  const missing = ref(false)
  const busy = ref(false)

  async function refresh(): Promise<void> {
    const [o, e, n] = await Promise.all([
      supabase
        .from('orders')
        .select('*, customer:customers(*), items:order_items(*)')
        .eq('id', id)
        .order('position', { referencedTable: 'order_items' })
        .maybeSingle(),
      supabase.from('order_events').select('*').eq('order_id', id).order('id'),
      supabase.from('notifications').select('*').eq('order_id', id).order('created_at', { ascending: false }),
    ])
    settle(o.error, e.error, n.error)
    if (!o.data) return void (missing.value = true)
    order.value = newer(order.value, o.data as FullOrder)
    events.value = e.data ?? []
    mail.value = n.data ?? []
    onFresh(order.value)
  }
  const refreshQuietly = () => void refresh().catch(() => {})

  const live = useLive({
    channel: () =>
      orderChannel(supabase, id, {
        orders: (c) => {
          if (!order.value || c.operation !== 'UPDATE') return
          order.value = newer(order.value, { ...order.value, ...(c.record as Order) })
          onFresh(order.value)
        },
        order_items: refreshQuietly,
        order_events: refreshQuietly,
        notifications: refreshQuietly,
      }),
    fetch: refresh,
  })

  /** Runs one write; a stale version or an error is answered here, success by `done`. */
  async function write(run: () => PromiseLike<{ error: unknown }>, done: string): Promise<Outcome> {
    busy.value = true
    const { error } = await run()
    busy.value = false
    if (isStaleVersion(error)) return 'stale'
    if (error) return (notify.fail(error), 'failed')
    notify.ok(done)
    return 'saved'
  }

  return {
    order,
    events,
    mail,
    loading,
    missing,
    failed,
    busy,
    live,
    refresh,
    moves: computed(() => (order.value ? nextStatuses(order.value.status) : [])),
    closed: computed(() => order.value?.status === 'delivered' || order.value?.status === 'cancelled'),

    move(status: Order['status']): Promise<Outcome> {
      const o = order.value!
      return write(
        () => supabase.from('orders').update({ status, version: o.version }).eq('id', id),
        `${o.number} is now ${STATUS_LABELS[status].toLowerCase()}.`,
      )
    },
    saveDetails(details: OrderDetails, version: number): Promise<Outcome> {
      return write(
        () =>
          supabase
            .from('orders')
            .update({ ...details, version })
            .eq('id', id),
        'Details saved.',
      )
    },
    saveItems(items: ItemForm[], version: number): Promise<Outcome> {
      return write(
        () => supabase.rpc('set_order_items', { order_id: id, version, items: itemsPayload(items) }),
        'Items saved.',
      )
    },
    /** Adds a note to the timeline; true when added (then `refresh` shows it). */
    async addNote(note: string): Promise<boolean> {
      const { error } = await supabase.from('order_events').insert({ order_id: id, kind: 'note', note })
      if (error) return (notify.fail(error), false)
      return true
    },
    async resend(n: Notification): Promise<void> {
      const { error } = await supabase.rpc('resend_notification', { notification_id: n.id })
      if (error) return notify.fail(error)
      notify.info('Sending the email again…')
    },
  }
}
