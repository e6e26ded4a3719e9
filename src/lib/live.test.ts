import { describe, expect, it, vi } from 'vitest'
import { type LiveStatus, createLiveSync } from './live'

function setup(fetch = vi.fn(async () => {})) {
  const statuses: LiveStatus[] = []
  const onResync = vi.fn()
  const sync = createLiveSync({ fetch, onStatus: (s) => statuses.push(s), onResync })
  return { sync, fetch, statuses, onResync }
}

describe('createLiveSync: subscribe first, then fetch; refetch after reconnects', () => {
  it('fetches only once subscribed, then reports live', async () => {
    const { sync, fetch, statuses } = setup()
    expect(fetch).not.toHaveBeenCalled()
    await sync.channel('SUBSCRIBED')
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(statuses).toEqual(['live'])
  })

  it('a dropped channel shows reconnecting, and the rejoin refetches what was missed', async () => {
    const { sync, fetch, statuses, onResync } = setup()
    await sync.channel('SUBSCRIBED')
    sync.channel('CHANNEL_ERROR')
    expect(sync.status).toBe('reconnecting')
    await sync.channel('SUBSCRIBED')
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(onResync).toHaveBeenCalledTimes(1)
    expect(statuses).toEqual(['live', 'reconnecting', 'live'])
  })

  it('says offline when the network goes, and is not live again until resynced', async () => {
    const { sync, statuses } = setup()
    await sync.channel('SUBSCRIBED')
    sync.network(false)
    sync.channel('CLOSED')
    expect(sync.status).toBe('offline')
    sync.network(true)
    expect(sync.status).toBe('reconnecting')
    await sync.channel('SUBSCRIBED')
    expect(statuses).toEqual(['live', 'offline', 'reconnecting', 'live'])
  })

  it('back online on a channel that stayed joined: refetches and is live again', async () => {
    const fetch = vi.fn(async () => {})
    const statuses: LiveStatus[] = []
    const sync = createLiveSync({ fetch, onStatus: (s) => statuses.push(s), isJoined: () => true })
    await sync.channel('SUBSCRIBED')
    sync.network(false)
    await sync.network(true)
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(statuses).toEqual(['live', 'offline', 'reconnecting', 'live'])
  })

  it('a failed fetch keeps it reconnecting, never falsely live', async () => {
    const fetch = vi.fn().mockRejectedValueOnce(new Error('network')).mockResolvedValue(undefined)
    const { sync } = setup(fetch)
    await sync.channel('SUBSCRIBED')
    expect(sync.status).toBe('reconnecting')
    await sync.channel('SUBSCRIBED')
    expect(sync.status).toBe('live')
  })

  it('a fetch overtaken by a newer disconnect does not report live', async () => {
    let release!: () => void
    const fetch = vi.fn(() => new Promise<void>((r) => (release = r)))
    const { sync } = setup(fetch)
    const pending = sync.channel('SUBSCRIBED')
    sync.channel('TIMED_OUT')
    release()
    await pending
    expect(sync.status).toBe('connecting')
  })

  it('stops reporting after stop()', async () => {
    const { sync, statuses } = setup()
    sync.stop()
    await sync.channel('SUBSCRIBED')
    expect(statuses).toEqual([])
  })
})
