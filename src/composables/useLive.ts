// One owner for a view's realtime subscription: builds the channel, subscribes first and
// then fetches, refetches after reconnects, tracks the network, and removes the channel
// when the view goes away.
import type { RealtimeChannel } from '@supabase/supabase-js'
import { onBeforeUnmount, ref } from 'vue'
import { type LiveStatus, createLiveSync } from '@/lib/live'
import { supabase } from '@/lib/supabase'

export interface LiveOptions {
  /** Adds the postgres_changes (and presence) bindings; runs before subscribing. */
  bind: (channel: RealtimeChannel) => void
  fetch: () => Promise<void>
  onResync?: () => void
  /** After each (re)subscription, e.g. to track presence. */
  onSubscribed?: (channel: RealtimeChannel) => void
  /** A fixed topic shared by every browser (presence needs one); default: private to this view. */
  topic?: string
}

let channelCount = 0

export function useLive(name: string, options: LiveOptions) {
  const status = ref<LiveStatus>('connecting')
  const resyncs = ref(0)
  const channel = supabase.channel(options.topic ?? `${name}:${++channelCount}`)
  options.bind(channel)
  const sync = createLiveSync({
    fetch: options.fetch,
    isJoined: () => channel.state === 'joined',
    onStatus: (s) => (status.value = s),
    onResync: () => {
      resyncs.value++
      options.onResync?.()
    },
  })
  const onOnline = () => void sync.network(true)
  const onOffline = () => sync.network(false)
  window.addEventListener('online', onOnline)
  window.addEventListener('offline', onOffline)
  if (!navigator.onLine) sync.network(false)
  channel.subscribe((s) => {
    if (s === 'SUBSCRIBED') options.onSubscribed?.(channel)
    void sync.channel(s as Parameters<typeof sync.channel>[0])
  })

  onBeforeUnmount(() => {
    sync.stop()
    window.removeEventListener('online', onOnline)
    window.removeEventListener('offline', onOffline)
    void supabase.removeChannel(channel)
  })
  return { status, resyncs, channel, refetch: options.fetch }
}
