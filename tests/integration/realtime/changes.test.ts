// postgres_changes through the real supabase-js: payloads, event and row filters, channels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RealtimePostgresChangesPayload } from '@supabase/supabase-js'
import { serviceClient, sql } from '../../support/clients.ts'
import { collector, settle, subscribed } from './helpers.ts'

type Row = { id: number; name: string; qty: number; tags: string[]; meta: unknown; at: string }
const T = 'rt_changes_items'
const db = serviceClient()

beforeAll(async () => {
  await sql().query(`
    drop table if exists public.${T};
    create table public.${T} (id bigint primary key, name text not null, qty int not null default 0, tags text[] default '{}', meta jsonb, at timestamptz default now());
    alter publication supabase_realtime add table public.${T};
  `)
})
afterAll(async () => {
  await db.removeAllChannels()
  await sql().query(`drop table if exists public.${T}`)
})

describe('realtime postgres_changes', () => {
  it('delivers INSERT, UPDATE and DELETE with Supabase payloads', async () => {
    const events = collector<RealtimePostgresChangesPayload<Row>>()
    const ch = await subscribed(
      db
        .channel('all-events')
        .on('postgres_changes', { event: '*', schema: 'public', table: T }, (p) => events.push(p as never)),
    )
    await sql().query(
      `insert into public.${T} (id, name, qty, tags, meta) values (1, 'widget', 3, '{a,b}', '{"k": 1}')`,
    )
    await sql().query(`update public.${T} set qty = 4 where id = 1`)
    await sql().query(`delete from public.${T} where id = 1`)
    const [ins, upd, del] = await events.atLeast(3)
    expect(ins).toMatchObject({
      schema: 'public',
      table: T,
      eventType: 'INSERT',
      new: { id: 1, name: 'widget', qty: 3, tags: ['a', 'b'], meta: { k: 1 } },
      errors: null,
    })
    expect(new Date(ins!.commit_timestamp).getTime()).toBeGreaterThan(Date.now() - 60_000)
    expect(typeof (ins!.new as Row).at).toBe('string')
    expect(upd).toMatchObject({ eventType: 'UPDATE', new: { id: 1, qty: 4 }, old: { id: 1 } })
    expect(del).toMatchObject({ eventType: 'DELETE', old: { id: 1 } })
    await db.removeChannel(ch)
  })

  it('old holds the whole row only with REPLICA IDENTITY FULL', async () => {
    await sql().query(`alter table public.${T} replica identity full`)
    const events = collector<RealtimePostgresChangesPayload<Row>>()
    const ch = await subscribed(
      db
        .channel('full')
        .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: T }, (p) =>
          events.push(p as never),
        ),
    )
    await sql().query(
      `insert into public.${T} (id, name, qty) values (2, 'gear', 1); update public.${T} set qty = 2 where id = 2`,
    )
    const [upd] = await events.atLeast(1)
    expect(upd!.old).toMatchObject({ id: 2, name: 'gear', qty: 1 })
    await sql().query(`alter table public.${T} replica identity default`)
    await db.removeChannel(ch)
  })

  it('applies event and row filters (eq, gt, in)', async () => {
    const eq = collector<RealtimePostgresChangesPayload<Row>>()
    const gt = collector<RealtimePostgresChangesPayload<Row>>()
    const inList = collector<RealtimePostgresChangesPayload<Row>>()
    const ch = await subscribed(
      db
        .channel('filters')
        .on(
          'postgres_changes',
          { event: 'INSERT', schema: 'public', table: T, filter: 'name=eq.bolt' },
          (p) => eq.push(p as never),
        )
        .on('postgres_changes', { event: 'INSERT', schema: 'public', table: T, filter: 'qty=gt.10' }, (p) =>
          gt.push(p as never),
        )
        .on(
          'postgres_changes',
          { event: 'INSERT', schema: 'public', table: T, filter: 'id=in.(11,13)' },
          (p) => inList.push(p as never),
        ),
    )
    await sql().query(
      `insert into public.${T} (id, name, qty) values (10, 'bolt', 1), (11, 'nut', 50), (12, 'bolt', 20), (13, 'x', 0)`,
    )
    await settle()
    expect(eq.items.map((p) => (p.new as Row).id)).toEqual([10, 12])
    expect(gt.items.map((p) => (p.new as Row).id)).toEqual([11, 12])
    expect(inList.items.map((p) => (p.new as Row).id)).toEqual([11, 13])
    await db.removeChannel(ch)
  })

  it('two channels on one socket get only their own events', async () => {
    const a = collector<RealtimePostgresChangesPayload<Row>>()
    const b = collector<RealtimePostgresChangesPayload<Row>>()
    const ca = await subscribed(
      db
        .channel('chan-a')
        .on('postgres_changes', { event: 'INSERT', schema: 'public', table: T, filter: 'name=eq.a' }, (p) =>
          a.push(p as never),
        ),
    )
    const cb = await subscribed(
      db
        .channel('chan-b')
        .on('postgres_changes', { event: 'INSERT', schema: 'public', table: T, filter: 'name=eq.b' }, (p) =>
          b.push(p as never),
        ),
    )
    await sql().query(`insert into public.${T} (id, name) values (20, 'a'), (21, 'b'), (22, 'b')`)
    await b.atLeast(2)
    await settle(200)
    expect(a.items.map((p) => (p.new as Row).id)).toEqual([20])
    expect(b.items.map((p) => (p.new as Row).id)).toEqual([21, 22])
    await db.removeChannel(ca)
    await db.removeChannel(cb)
  })

  it('delivers a transaction’s changes in commit order', async () => {
    const events = collector<RealtimePostgresChangesPayload<Row>>()
    const ch = await subscribed(
      db
        .channel('order')
        .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: T, filter: 'id=eq.30' }, (p) =>
          events.push(p as never),
        ),
    )
    await sql().query(`insert into public.${T} (id, name, qty) values (30, 'seq', 0)`)
    for (let i = 1; i <= 20; i++) await sql().query(`update public.${T} set qty = $1 where id = 30`, [i])
    const got = await events.atLeast(20)
    expect(got.map((p) => (p.new as Row).qty)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    await db.removeChannel(ch)
  })

  it('refuses a binding with an unknown filter operator', async () => {
    await expect(
      subscribed(
        db
          .channel('bad')
          .on('postgres_changes', { event: '*', schema: 'public', table: T, filter: 'id=like.1' }, () => {}),
      ),
    ).rejects.toThrow(/Invalid filter/)
  })
})
