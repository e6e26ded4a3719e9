// Broadcast between clients (self and ack options, and the HTTP endpoint) and presence.
import { afterAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, stackEnv } from '../../support/clients.ts'
import { collector, subscribed } from './helpers.ts'

const clients: SupabaseClient[] = []
const client = () => {
  const c = anonClient()
  clients.push(c)
  return c
}
afterAll(async () => {
  for (const c of clients) await c.removeAllChannels()
})

describe('realtime broadcast and presence', () => {
  it('broadcasts to the other clients of a topic, and to self only when asked', async () => {
    const heard = collector<unknown>()
    const echo = collector<unknown>()
    await subscribed(
      client()
        .channel('room-1')
        .on('broadcast', { event: 'cursor' }, (m) => heard.push(m.payload)),
    )
    const sender = await subscribed(
      client()
        .channel('room-1', { config: { broadcast: { self: true, ack: true } } })
        .on('broadcast', { event: 'cursor' }, (m) => echo.push(m.payload)),
    )
    const status = await sender.send({ type: 'broadcast', event: 'cursor', payload: { x: 1, y: 2 } })
    expect(status).toBe('ok')
    expect(await heard.atLeast(1)).toEqual([{ x: 1, y: 2 }])
    expect(await echo.atLeast(1)).toEqual([{ x: 1, y: 2 }])
  })

  it('the HTTP broadcast endpoint reaches subscribed clients', async () => {
    const heard = collector<unknown>()
    await subscribed(
      client()
        .channel('room-http')
        .on('broadcast', { event: 'ping' }, (m) => heard.push(m.payload)),
    )
    const env = stackEnv()
    const res = await fetch(`${env.apiUrl}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: {
        apikey: env.serviceRoleKey,
        authorization: `Bearer ${env.serviceRoleKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ messages: [{ topic: 'room-http', event: 'ping', payload: { n: 7 } }] }),
    })
    expect(res.status).toBe(202)
    expect(await heard.atLeast(1)).toEqual([{ n: 7 }])
  })

  it('presence: track shows a join to others, leaving shows a leave', async () => {
    const joins = collector<string>()
    const leaves = collector<string>()
    const watcher = client().channel('lobby', { config: { presence: { key: 'watcher' } } })
    watcher
      .on('presence', { event: 'join' }, ({ key }) => joins.push(key))
      .on('presence', { event: 'leave' }, ({ key }) => leaves.push(key))
    await subscribed(watcher)
    const other = client()
    const visitor = await subscribed(other.channel('lobby', { config: { presence: { key: 'visitor' } } }))
    expect(await visitor.track({ name: 'Alice' })).toBe('ok')
    await joins.atLeast(1)
    expect(joins.items).toContain('visitor')
    expect(Object.keys(watcher.presenceState())).toContain('visitor')
    expect(watcher.presenceState().visitor![0]).toMatchObject({ name: 'Alice' })
    await other.removeChannel(visitor)
    expect(await leaves.atLeast(1)).toContain('visitor')
  })
})
