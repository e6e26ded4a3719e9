// Realtime as an attacker meets it (issue 13): the anon key subscribed to every change of a
// table it may not read learns nothing, deletes included; a frame far larger than any
// message closes that socket and never the stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RealtimePostgresChangesPayload, SupabaseClient } from '@supabase/supabase-js'
import WebSocket from 'ws'
import { MAX_FRAME_BYTES } from '../../../stack/realtime/index.ts'
import { anonClient, sql, stackEnv } from '../../support/clients.ts'
import { clientAs, collector, settle, subscribed, userToken } from '../realtime/helpers.ts'

const T = 'sec_rt_customers'
const owner = crypto.randomUUID()
const clients: SupabaseClient[] = []

async function watch(client: SupabaseClient, name: string) {
  clients.push(client)
  const events = collector<RealtimePostgresChangesPayload<{ id: number }>>()
  await subscribed(
    client
      .channel(name)
      .on('postgres_changes', { event: '*', schema: 'public', table: T }, (p) => events.push(p as never)),
  )
  return events
}

beforeAll(async () => {
  await sql().query(`
    drop table if exists public.${T};
    create table public.${T} (id bigint primary key, owner uuid not null, email text);
    alter table public.${T} enable row level security;
    revoke all on public.${T} from anon;
    grant select on public.${T} to authenticated;
    create policy own on public.${T} for select to authenticated using (owner = (select auth.uid()));
    alter publication supabase_realtime add table public.${T};
  `)
})
afterAll(async () => {
  for (const c of clients) await c.removeAllChannels()
  await sql().query(`drop table if exists public.${T}`)
})

describe('realtime attacks', () => {
  it('the anon key learns of no insert, update or delete of a table it may not select', async () => {
    const anon = await watch(anonClient(), 'sec-anon')
    const allowed = await watch(await clientAs(await userToken(owner)), 'sec-owner')
    // One change at a time: a row already deleted when its insert is checked reaches no one.
    await sql().query(`insert into public.${T} values (1, $1, 'carol@example.com')`, [owner])
    await allowed.atLeast(1)
    await sql().query(`update public.${T} set email = 'carol@example.org' where id = 1`)
    await allowed.atLeast(2)
    await sql().query(`delete from public.${T} where id = 1`)
    const got = await allowed.atLeast(3)
    expect(got.map((p) => p.eventType)).toEqual(['INSERT', 'UPDATE', 'DELETE'])
    expect(got[2]!.old).toEqual({ id: 1 }) // RLS on: the primary key, nothing else
    await settle()
    expect(anon.items).toEqual([])
  })

  it('a frame over the byte limit closes that socket (1009); the stack keeps serving', async () => {
    const env = stackEnv()
    const ws = new WebSocket(
      `${env.apiUrl.replace('http', 'ws')}/realtime/v1/websocket?apikey=${env.anonKey}&vsn=1.0.0`,
    )
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    const replies = collector<string>()
    ws.on('message', (data) => replies.push(String(data)))
    ws.send(JSON.stringify({ topic: 'phoenix', event: 'heartbeat', payload: {}, ref: '1', join_ref: null }))
    expect(JSON.parse((await replies.atLeast(1))[0]!)).toMatchObject({ ref: '1', payload: { status: 'ok' } })
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    const huge = 'x'.repeat(MAX_FRAME_BYTES + 1)
    ws.send(
      JSON.stringify({
        topic: 'realtime:big',
        event: 'broadcast',
        payload: { huge },
        ref: '2',
        join_ref: '1',
      }),
    )
    expect(await closed).toBe(1009)
    const again = anonClient()
    clients.push(again)
    expect((await subscribed(again.channel('after-a-huge-frame'))).state).toBe('joined')
  })
})
