// The dashboard's data: the page of orders (orders store) and the header from the database
// (useDashboard), for the whole desk or one customer (the URL's ?customer=), live over the
// admin:orders topic with the staff's presence; the list follows its filter, sort and page.
import { type Ref, ref, toRef, watch } from 'vue'
import { deskChannel, showOnDesk } from '@/lib/channels'
import type { OrderStatus } from '@/lib/model'
import { supabase } from '@/lib/supabase'
import { useAuthStore } from '@/stores/auth'
import { useOrdersStore } from '@/stores/orders'
import { useDashboard } from './useDashboard'
import { useDebounce } from './useDebounce'
import { useLive } from './useLive'

const SEARCH_PAUSE_MS = 250
const LIST_SETTLE_MS = 150

export function useDesk(customerFromUrl: Ref<string>) {
  const orders = useOrdersStore()
  const auth = useAuthStore()
  const online = ref<string[]>([])
  orders.query.customerId = customerFromUrl.value
  const customerId = toRef(() => orders.query.customerId)
  const header = useDashboard(customerId)

  const load = () => Promise.all([orders.load(), header.load()]).then(() => {})
  const loadList = () => void orders.load().catch(() => {})

  const listSoon = useDebounce(loadList, LIST_SETTLE_MS).run
  const searchSoon = useDebounce(() => {
    orders.query.page = 1
    loadList()
  }, SEARCH_PAUSE_MS).run

  // One desk topic for every dashboard, so each sees who else of the staff is online.
  const live = useLive({
    channel: () =>
      deskChannel(
        supabase,
        {
          orders: (c) => {
            if (orders.applyChange({ eventType: c.operation, new: c.record ?? {} })) listSoon()
            header.reloadSoon()
          },
          customers: () => {
            listSoon()
            header.reloadSoon()
          },
          // Only an email failing, or a failed one sent after all, reaches the desk topic.
          notifications: () => header.reloadSoon(),
        },
        (emails) => (online.value = emails),
      ),
    onSubscribed: (channel) => void showOnDesk(channel, auth.email),
    fetch: load,
  })

  watch(() => orders.query.search, searchSoon)
  watch(() => [orders.query.status, orders.query.sort, orders.query.ascending, orders.query.page], loadList)
  watch(customerFromUrl, (id) => {
    Object.assign(orders.query, { customerId: id, page: 1 })
    void load().catch(() => {})
  })

  /** A status count clicked: that status only, or all again. */
  const filterStatus = (status: OrderStatus | '') => Object.assign(orders.query, { status, page: 1 })

  return { orders, header, online, status: live.status, customerId, load, filterStatus }
}
