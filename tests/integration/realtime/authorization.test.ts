// Realtime Authorization through the real supabase-js: RLS on realtime.messages decides
// who joins a private channel, who may send on it, and the check runs again when the
// token changes. The policies here key on a claim `rt` of the test tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, sql, unique } from '../../support/clients.ts'
import { clientAs, collector, refused, settle, subscribed, userToken } from './helpers.ts'

const clients: SupabaseClient[] = []
const as = async (rt: string) => {
  const c = await clientAs(await userToken(crypto.randomUUID(), 3600, { rt }))
  clients.push(c)
  return c
}
const room = () => unique('rtauth:')

beforeAll(async () => {
  await sql().query(`
    create policy "test rtauth: read" on realtime.messages for select to authenticated
      using ((select realtime.topic()) like 'rtauth:%' and (select auth.jwt() ->> 'rt') in ('read', 'write'));
    create policy "test rtauth: write" on realtime.messages for insert to authenticated
      with check ((select realtime.topic()) like 'rtauth:%' and (select auth.jwt() ->> 'rt') = 'write');
  `)
})
afterAll(async () => {
  for (const c of clients) await c.removeAllChannels()
  await sql().query(`
    drop policy "test rtauth: read" on realtime.messages;
    drop policy "test rtauth: write" on realtime.messages;
  `)
})

describe('private channels', () => {
  it('a join needs a select policy: others are refused with Supabase’s reason', async () => {
    const topic = room()
    await subscribed((await as('read')).channel(topic, { config: { private: true } }))
    const reason = await refused((await as('none')).channel(topic, { config: { private: true } }))
    expect(reason).toBe(`Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`)
  })

  it('anon joins no private channel, even one every signed-in user may read', async () => {
    const topic = room()
    await subscribed((await as('read')).channel(topic, { config: { private: true } }))
    const anon = anonClient()
    clients.push(anon)
    expect(await refused(anon.channel(topic, { config: { private: true } }))).toMatch(/^Unauthorized: /)
  })

  it('only senders the insert policy allows are heard; readers cannot send', async () => {
    const topic = room()
    const heard = collector<unknown>()
    await subscribed(
      (await as('read'))
        .channel(topic, { config: { private: true } })
        .on('broadcast', { event: 'say' }, (m) => heard.push(m.payload)),
    )
    const reader = await subscribed(
      (await as('read')).channel(topic, { config: { private: true, broadcast: { ack: true } } }),
    )
    const writer = await subscribed(
      (await as('write')).channel(topic, { config: { private: true, broadcast: { ack: true } } }),
    )
    await reader.send({ type: 'broadcast', event: 'say', payload: { from: 'reader' } }, { timeout: 1000 })
    expect(await writer.send({ type: 'broadcast', event: 'say', payload: { from: 'writer' } })).toBe('ok')
    await heard.atLeast(1)
    await settle()
    expect(heard.items).toEqual([{ from: 'writer' }])
  })

  it('presence on a private channel: tracking needs the insert policy, seeing it the select one', async () => {
    const topic = room()
    const watcher = await subscribed(
      (await as('read'))
        .channel(topic, { config: { private: true, presence: { key: 'watcher' } } })
        .on('presence', { event: 'sync' }, () => {}),
    )
    const reader = await subscribed((await as('read')).channel(topic, { config: { private: true } }))
    const writer = await subscribed((await as('write')).channel(topic, { config: { private: true } }))
    expect(await reader.track({ name: 'intruder' })).toBe('error')
    expect(await writer.track({ name: 'staff' })).toBe('ok')
    await settle()
    const names = Object.values(watcher.presenceState<{ name: string }>()).flatMap((metas) =>
      metas.map((m) => m.name),
    )
    expect(names).toEqual(['staff'])
  })

  it('a new token that loses the right to read ends the channel', async () => {
    const topic = room()
    const client = await as('read')
    const heard = collector<unknown>()
    const closed = collector<string>()
    const system = collector<string>()
    client
      .channel(topic, { config: { private: true } })
      .on('broadcast', { event: 'ping' }, (m) => heard.push(m.payload))
      .on('system', {}, (p: { status: string; message: string }) => {
        if (p.status === 'error') system.push(p.message)
      })
      .subscribe((s) => {
        if (s === 'SUBSCRIBED') closed.push('joined')
        if (s === 'CLOSED') closed.push('closed')
      })
    await closed.atLeast(1)
    await sql().query(`select realtime.send('{"n": 1}', 'ping', $1)`, [topic])
    expect(await heard.atLeast(1)).toEqual([{ n: 1, id: expect.any(String) }])

    await client.realtime.setAuth(await userToken(crypto.randomUUID(), 3600, { rt: 'none' }))
    expect(await system.atLeast(1)).toEqual([
      `You no longer have permission to read from this Channel topic: ${topic}`,
    ])
    await closed.atLeast(2)
    expect(closed.items).toEqual(['joined', 'closed'])
  })

  it('a new token that keeps the right keeps the channel', async () => {
    const topic = room()
    const client = await as('read')
    const heard = collector<unknown>()
    await subscribed(
      client.channel(topic, { config: { private: true } }).on('broadcast', { event: 'ping' }, (m) => {
        heard.push((m.payload as { n: number }).n)
      }),
    )
    await client.realtime.setAuth(await userToken(crypto.randomUUID(), 3600, { rt: 'write' }))
    await settle(200)
    await sql().query(`select realtime.send('{"n": 2}', 'ping', $1)`, [topic])
    expect(await heard.atLeast(1)).toEqual([2])
  })
})
