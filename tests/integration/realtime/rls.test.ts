// Realtime follows RLS per subscriber: own rows only, rows leaving the view stop arriving,
// a new token changes rights, a delete carries only the key, expiry ends it. (Anon learning
// nothing, deletes included, is in tests/integration/security/realtime.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RealtimePostgresChangesPayload, SupabaseClient } from '@supabase/supabase-js'
import { anonClient, sql } from '../../support/clients.ts'
import { clientAs, collector, settle, subscribed, userToken } from './helpers.ts'

type Row = { id: number; owner: string; note: string }
const T = 'rt_rls_notes'
const A = crypto.randomUUID()
const B = crypto.randomUUID()
const clients: SupabaseClient[] = []

async function watcher(token: string | undefined, name: string) {
  const c = token ? await clientAs(token) : anonClient()
  clients.push(c)
  const events = collector<RealtimePostgresChangesPayload<Row>>()
  const channel = await subscribed(
    c
      .channel(name)
      .on('postgres_changes', { event: '*', schema: 'public', table: T }, (p) => events.push(p as never)),
  )
  return { c, channel, events }
}

beforeAll(async () => {
  await sql().query(`
    drop table if exists public.${T};
    create table public.${T} (id bigint primary key, owner uuid not null, note text);
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

describe('realtime and RLS', () => {
  it('customer A never receives customer B’s rows, on insert or update', async () => {
    const a = await watcher(await userToken(A), 'rls-a')
    const b = await watcher(await userToken(B), 'rls-b')
    await sql().query(`insert into public.${T} values (1, $1, 'a1'), (2, $2, 'b1')`, [A, B])
    await sql().query(`update public.${T} set note = 'b2' where id = 2`)
    await sql().query(`update public.${T} set note = 'a2' where id = 1`)
    await a.events.atLeast(2)
    await b.events.atLeast(2)
    await settle(300)
    expect(a.events.items.map((p) => (p.new as Row).note)).toEqual(['a1', 'a2'])
    expect(b.events.items.map((p) => (p.new as Row).note)).toEqual(['b1', 'b2'])
  })

  it('an update that moves a row out of A’s view is not sent to A', async () => {
    const a = await watcher(await userToken(A), 'rls-move')
    await sql().query(`insert into public.${T} values (3, $1, 'mine')`, [A])
    await a.events.atLeast(1)
    await sql().query(`update public.${T} set owner = $1, note = 'given away' where id = 3`, [B])
    await settle()
    expect(a.events.items.map((p) => (p.new as Row).note)).toEqual(['mine'])
  })

  it('a new access token changes what the subscriber receives', async () => {
    const w = await watcher(await userToken(A), 'rls-switch')
    await w.c.realtime.setAuth(await userToken(B))
    await settle(200)
    await sql().query(`insert into public.${T} values (4, $1, 'for A'), (5, $2, 'for B')`, [A, B])
    await w.events.atLeast(1)
    await settle(300)
    expect(w.events.items.map((p) => (p.new as Row).note)).toEqual(['for B'])
  })

  it('a delete reaches whoever may select from the table, with only the primary key (RLS on)', async () => {
    const owner = await watcher(await userToken(A), 'rls-delete')
    await sql().query(`insert into public.${T} values (7, $1, 'secret note')`, [A])
    await owner.events.atLeast(1)
    await sql().query(`alter table public.${T} replica identity full`)
    try {
      await sql().query(`delete from public.${T} where id = 7`)
      const [, del] = await owner.events.atLeast(2)
      expect(del).toMatchObject({ eventType: 'DELETE', old: { id: 7 } })
      expect(del!.old).toEqual({ id: 7 })
    } finally {
      await sql().query(`alter table public.${T} replica identity default`)
    }
  })

  it('an expired token ends the subscription with a system error', async () => {
    const c = await clientAs(await userToken(A, 2))
    clients.push(c)
    const statuses = collector<string>()
    c.channel('rls-expiry')
      .on('postgres_changes', { event: '*', schema: 'public', table: T }, () => {})
      .on('system', {}, (p: { status: string; message: string }) => {
        if (p.status === 'error') statuses.push(p.message)
      })
      .subscribe()
    const [message] = await statuses.atLeast(1, 6000)
    expect(message).toMatch(/Token has expired/)
  })
})
