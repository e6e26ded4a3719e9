// The realtime rule of the app, free of Vue so it can be unit tested: subscribe first,
// then fetch; fetch again after every reconnect (changes may have been missed while
// away); say honestly whether the view is live, reconnecting or offline.
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'offline'
export type ChannelStatus = 'SUBSCRIBED' | 'CHANNEL_ERROR' | 'TIMED_OUT' | 'CLOSED'

export interface LiveSyncOptions {
  /** Loads the current state; called after every (re)subscription. */
  fetch: () => Promise<void>
  onStatus: (status: LiveStatus) => void
  onResync?: () => void
  /** Whether the channel is still joined (a network blip may not have dropped it). */
  isJoined?: () => boolean
}

export function createLiveSync(o: LiveSyncOptions) {
  let status: LiveStatus = 'connecting'
  let wasLive = false
  let online = true
  let stopped = false
  let generation = 0

  const set = (s: LiveStatus) => {
    if (stopped || s === status) return
    status = s
    o.onStatus(s)
  }

  async function resync(): Promise<void> {
    const mine = ++generation
    try {
      await o.fetch()
    } catch {
      if (mine === generation) set(online ? 'reconnecting' : 'offline')
      return
    }
    if (mine !== generation || stopped) return
    if (wasLive) o.onResync?.()
    wasLive = true
    set(online ? 'live' : 'offline')
  }

  return {
    get status() {
      return status
    },
    /** Feed every status the channel reports here. */
    channel(s: ChannelStatus): Promise<void> | void {
      if (stopped) return
      if (s === 'SUBSCRIBED') return resync()
      generation++
      set(!online ? 'offline' : wasLive ? 'reconnecting' : 'connecting')
    },
    network(isOnline: boolean): Promise<void> | void {
      online = isOnline
      if (!isOnline) return set('offline')
      if (status !== 'offline') return
      set(wasLive ? 'reconnecting' : 'connecting')
      // Back online on a channel that survived: changes may still have been missed.
      if (o.isJoined?.()) return resync()
    },
    stop() {
      stopped = true
    },
  }
}
