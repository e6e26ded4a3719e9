// Broadcast from Database and over HTTP: realtime.send / realtime.broadcast_changes reach a
// topic's readers after commit, once, in commit order, never for a rolled-back transaction;
// public and private rooms of one name stay apart; httpSend() as supabase-js calls it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, sql, stackEnv, unique } from '../../support/clients.ts'
import { clientAs, collector, settle, subscribed, userToken } from './helpers.ts'

const clients: SupabaseClient[] = []
const reader = async (rt = 'read') => {
  const c = await clientAs(await userToken(crypto.randomUUID(), 3600, { rt }))
  clients.push(c)
  return c
}
const T = 'rt_db_broadcast_notes'

beforeAll(async () => {
  await sql().query(`
    create policy "test rtdb: read" on realtime.messages for select to authenticated
      using ((select realtime.topic()) like 'rtdb:%' and (select auth.jwt() ->> 'rt') in ('read', 'write'));
    create policy "test rtdb: write" on realtime.messages for insert to authenticated
      with check ((select realtime.topic()) like 'rtdb:%' and (select auth.jwt() ->> 'rt') = 'write');
    drop table if exists public.${T};
    create table public.${T} (id bigint primary key, room text not null, body text);
    create function public.${T}_broadcast() returns trigger language plpgsql security definer set search_path = '' as $$
    begin
      perform realtime.broadcast_changes('rtdb:' || coalesce(new.room, old.room), tg_op, tg_op, tg_table_name,
                                         tg_table_schema, new, old);
      return null;
    end $$;
    create trigger ${T}_broadcast after insert or update or delete on public.${T}
      for each row execute function public.${T}_broadcast();
  `)
})
afterAll(async () => {
  for (const c of clients) await c.removeAllChannels()
  await sql().query(`
    drop policy "test rtdb: read" on realtime.messages;
    drop policy "test rtdb: write" on realtime.messages;
    drop table if exists public.${T};
    drop function if exists public.${T}_broadcast();
  `)
})

describe('Broadcast from Database', () => {
  it('arrives after commit, once each, in commit order, and never for a rollback', async () => {
    const topic = unique('rtdb:')
    const heard = collector<number>()
    await subscribed(
      (await reader())
        .channel(topic, { config: { private: true } })
        .on('broadcast', { event: 'n' }, (m) => heard.push((m.payload as { n: number }).n)),
    )
    const tx = await sql().connect()
    try {
      await tx.query('begin')
      for (const n of [1, 2, 3]) await tx.query(`select realtime.send($1, 'n', $2)`, [{ n }, topic])
      await settle(500)
      expect(heard.items).toEqual([]) // not before commit
      await tx.query('commit')
      await tx.query('begin')
      await tx.query(`select realtime.send('{"n": 99}', 'n', $1)`, [topic])
      await tx.query('rollback')
    } finally {
      tx.release()
    }
    await sql().query(`select realtime.send('{"n": 4}', 'n', $1)`, [topic])
    await heard.atLeast(4)
    await settle()
    expect(heard.items).toEqual([1, 2, 3, 4])
  })

  it('broadcast_changes from a trigger carries the row change, in commit order', async () => {
    const room = unique('r')
    const heard = collector<{ operation: string; record: { body: string } | null; old_record: unknown }>()
    await subscribed(
      (await reader())
        .channel(`rtdb:${room}`, { config: { private: true } })
        .on('broadcast', { event: '*' }, (m) => heard.push(m.payload as never)),
    )
    await sql().query(`insert into public.${T} values (1, $1, 'a')`, [room])
    await sql().query(`update public.${T} set body = 'b' where id = 1`)
    await sql().query(`delete from public.${T} where id = 1`)
    const got = await heard.atLeast(3)
    expect(got.map((p) => p.operation)).toEqual(['INSERT', 'UPDATE', 'DELETE'])
    expect(got[1]).toMatchObject({
      table: T,
      schema: 'public',
      record: { id: 1, room, body: 'b' },
      old_record: { id: 1, room, body: 'a' },
    })
    expect(got[2]!.record).toBeNull()
  })

  it('public and private rooms of one name are apart', async () => {
    const topic = unique('rtdb:')
    const priv = collector<string>()
    const pub = collector<string>()
    await subscribed(
      (await reader())
        .channel(topic, { config: { private: true } })
        .on('broadcast', { event: 'x' }, (m) => priv.push((m.payload as { to: string }).to)),
    )
    const anon = anonClient()
    clients.push(anon)
    await subscribed(
      anon.channel(topic).on('broadcast', { event: 'x' }, (m) => pub.push((m.payload as { to: string }).to)),
    )
    await sql().query(`select realtime.send('{"to": "private"}', 'x', $1, true)`, [topic])
    await sql().query(`select realtime.send('{"to": "public"}', 'x', $1, false)`, [topic])
    await priv.atLeast(1)
    await pub.atLeast(1)
    await settle()
    expect(priv.items).toEqual(['private'])
    expect(pub.items).toEqual(['public'])
  })
})

describe('broadcast over HTTP', () => {
  it('httpSend() on a private channel: delivered for a sender RLS allows, refused otherwise', async () => {
    const topic = unique('rtdb:')
    const heard = collector<unknown>()
    await subscribed(
      (await reader())
        .channel(topic, { config: { private: true } })
        .on('broadcast', { event: 'note' }, (m) => heard.push(m.payload)),
    )
    const writer = (await reader('write')).channel(topic, { config: { private: true } })
    expect(await writer.httpSend('note', { from: 'writer' })).toEqual({ success: true })
    const outsider = (await reader('read')).channel(topic, { config: { private: true } })
    await expect(outsider.httpSend('note', { from: 'reader' })).rejects.toThrow('Unauthorized')
    await heard.atLeast(1)
    await settle()
    expect(heard.items).toEqual([{ from: 'writer' }])
  })

  it('the batch endpoint delivers public messages and drops private ones the caller may not send', async () => {
    const topic = unique('rtdb:')
    const priv = collector<unknown>()
    const pub = collector<unknown>()
    await subscribed(
      (await reader())
        .channel(topic, { config: { private: true } })
        .on('broadcast', { event: 'b' }, (m) => priv.push(m.payload)),
    )
    const anon = anonClient()
    clients.push(anon)
    await subscribed(anon.channel(topic).on('broadcast', { event: 'b' }, (m) => pub.push(m.payload)))
    const env = stackEnv()
    const res = await fetch(`${env.apiUrl}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: {
        apikey: env.anonKey,
        authorization: `Bearer ${env.anonKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        messages: [
          { topic, event: 'b', payload: { n: 1 }, private: true },
          { topic, event: 'b', payload: { n: 2 } },
        ],
      }),
    })
    expect(res.status).toBe(202)
    expect(await pub.atLeast(1)).toEqual([{ n: 2 }])
    await settle()
    expect(priv.items).toEqual([])
  })
})
