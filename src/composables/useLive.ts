// One owner for a view's realtime subscription: builds the channel (src/lib/channels.ts),
// subscribes first and then fetches, refetches after reconnects, tracks the network, and
// removes the channel when the view goes away.
import type { RealtimeChannel } from '@supabase/supabase-js'
import { onBeforeUnmount, ref, shallowRef } from 'vue'
import { type ChannelStatus, type LiveStatus, createLiveSync } from '@/lib/live'
import { supabase } from '@/lib/supabase'

export interface LiveOptions {
  /**
   * The view's channel, with its handlers; may first look up what names its topic.
   * Undefined when there is nothing this person may follow (then the view is fetched once).
   */
  channel: () => RealtimeChannel | undefined | Promise<RealtimeChannel | undefined>
  fetch: () => Promise<void>
  onResync?: () => void
  /** After each (re)subscription, e.g. to track presence. */
  onSubscribed?: (channel: RealtimeChannel) => void
}

const RETRY_MS = 3000

export function useLive(options: LiveOptions) {
  const status = ref<LiveStatus>('connecting')
  const resyncs = ref(0)
  const channel = shallowRef<RealtimeChannel>()
  let stopped = false
  let retry: ReturnType<typeof setTimeout> | undefined
  const sync = createLiveSync({
    fetch: options.fetch,
    isJoined: () => channel.value?.state === 'joined',
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

  async function start(): Promise<void> {
    let built: RealtimeChannel | undefined
    try {
      built = await options.channel()
    } catch {
      // Could not look up the topic (offline?): say so and try again.
      sync.channel('CHANNEL_ERROR')
      retry = setTimeout(() => void start(), RETRY_MS)
      return
    }
    if (stopped) {
      if (built) void supabase.removeChannel(built)
      return
    }
    if (!built) return void sync.channel('SUBSCRIBED')
    channel.value = built
    built.subscribe((s) => {
      if (s === 'SUBSCRIBED') options.onSubscribed?.(built)
      void sync.channel(s as ChannelStatus)
    })
  }
  void start()

  onBeforeUnmount(() => {
    stopped = true
    clearTimeout(retry)
    sync.stop()
    window.removeEventListener('online', onOnline)
    window.removeEventListener('offline', onOffline)
    if (channel.value) void supabase.removeChannel(channel.value)
  })
  return { status, resyncs, channel, refetch: options.fetch }
}
