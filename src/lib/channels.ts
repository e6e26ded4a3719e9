// The app's live channels, in one place for the views and the benchmark: which private
// topic each screen listens on and how a broadcast change reaches its handlers. The topics
// and who may join them are set by supabase/migrations/*_live_channels.sql.
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js'

export const topics = {
  /** A customer's orders, items, timeline and own details. */
  customer: (customerId: string) => `customer:${customerId}`,
  /** Every order and customer, emails failing, and who of the staff is online: the dashboards. */
  desk: 'admin:orders',
  /** One order with its items, timeline and emails: the admin's order page. */
  order: (orderId: string) => `admin:order:${orderId}`,
}

/** What builds channels: the app's supabase client, or a bare RealtimeClient (the benchmark). */
export type ChannelSource = Pick<SupabaseClient, 'channel'>

export type LiveTable = 'orders' | 'order_items' | 'order_events' | 'customers' | 'notifications'

/** A change as the database triggers broadcast it (realtime.broadcast_changes' shape). */
export interface LiveChange<Row = Record<string, unknown>> {
  table: LiveTable
  operation: 'INSERT' | 'UPDATE' | 'DELETE'
  record: Row | null
  old_record: Row | null
  /** Item changes come once per order and statement, without rows. */
  order_id?: string
}

export type LiveHandlers = Partial<Record<LiveTable, (change: LiveChange) => void>>

export interface LiveChannelOptions {
  /** Presence on this channel (only the desk allows it), keyed by this key if given. */
  presence?: { key?: string }
}

/** A private channel on `topic` that hands each broadcast change to its table's handler. */
export function liveChannel(
  client: ChannelSource,
  topic: string,
  handlers: LiveHandlers,
  options: LiveChannelOptions = {},
): RealtimeChannel {
  const config = options.presence
    ? { private: true, presence: { key: options.presence.key ?? '' } }
    : { private: true }
  const channel = client.channel(topic, { config })
  channel.on('broadcast', { event: '*' }, (message) => {
    const change = message.payload as LiveChange
    handlers[change.table]?.(change)
  })
  return channel
}

export const customerChannel = (client: ChannelSource, customerId: string, handlers: LiveHandlers) =>
  liveChannel(client, topics.customer(customerId), handlers)

/** The dashboards' channel; `onStaffOnline` hears the emails of the staff on the desk. */
export function deskChannel(
  client: ChannelSource,
  handlers: LiveHandlers,
  onStaffOnline?: (emails: string[]) => void,
): RealtimeChannel {
  const channel = liveChannel(client, topics.desk, handlers, { presence: {} })
  channel.on('presence', { event: 'sync' }, () => {
    const state = channel.presenceState<{ email: string }>()
    const emails = Object.values(state).flatMap((metas) => metas.map((m) => m.email))
    onStaffOnline?.([...new Set(emails)].sort())
  })
  return channel
}

/** Shows this admin on the desk to the other dashboards (once subscribed). */
export const showOnDesk = (channel: RealtimeChannel, email: string) => channel.track({ email })

export const orderChannel = (client: ChannelSource, orderId: string, handlers: LiveHandlers) =>
  liveChannel(client, topics.order(orderId), handlers)
