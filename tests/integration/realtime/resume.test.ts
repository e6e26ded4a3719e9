// The replication reader survives losing its stream: subscribers keep receiving and no
// committed change is skipped, including those committed while it was down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RealtimePostgresChangesPayload } from '@supabase/supabase-js'
import { serviceClient, sql } from '../../support/clients.ts'
import { clientAs, collector, subscribed, userToken } from './helpers.ts'

const T = 'rt_resume_ticks'
const db = serviceClient()

beforeAll(async () => {
  await sql().query(`
    drop table if exists public.${T};
    create table public.${T} (id bigint primary key);
    alter publication supabase_realtime add table public.${T};
  `)
})
const killWalsender = () =>
  sql().query(
    "select pg_terminate_backend(active_pid) as ok from pg_replication_slots where slot_name = 'stack_realtime' and active_pid is not null",
  )

afterAll(async () => {
  await db.removeAllChannels()
  await sql().query(`drop policy if exists "test rtresume: read" on realtime.messages`)
  await sql().query(`drop table if exists public.${T}`)
})

describe('realtime resumes after losing replication', () => {
  it('delivers every committed change after the walsender is killed', async () => {
    const events = collector<RealtimePostgresChangesPayload<{ id: number }>>()
    await subscribed(
      db
        .channel('resume')
        .on('postgres_changes', { event: 'INSERT', schema: 'public', table: T }, (p) =>
          events.push(p as never),
        ),
    )
    for (let i = 1; i <= 5; i++) await sql().query(`insert into public.${T} values ($1)`, [i])
    await events.atLeast(5)
    const killed = await killWalsender()
    expect(killed.rows).toEqual([{ ok: true }])
    for (let i = 6; i <= 15; i++) await sql().query(`insert into public.${T} values ($1)`, [i])
    const got = await events.atLeast(15, 15_000)
    expect(got.map((p) => (p.new as { id: number }).id)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1))
  }, 30_000)

  it('delivers every broadcast from the database, once and in order, across the same loss', async () => {
    await sql().query(`
      create policy "test rtresume: read" on realtime.messages for select to authenticated
        using ((select realtime.topic()) = 'rtresume:room')`)
    const client = await clientAs(await userToken(crypto.randomUUID()))
    const heard = collector<number>()
    await subscribed(
      client
        .channel('rtresume:room', { config: { private: true } })
        .on('broadcast', { event: 'tick' }, (m) => heard.push((m.payload as { n: number }).n)),
    )
    const send = (n: number) => sql().query(`select realtime.send($1, 'tick', 'rtresume:room')`, [{ n }])
    for (let n = 1; n <= 5; n++) await send(n)
    await heard.atLeast(5)
    expect((await killWalsender()).rows).toEqual([{ ok: true }])
    for (let n = 6; n <= 15; n++) await send(n)
    await heard.atLeast(15, 15_000)
    await new Promise((r) => setTimeout(r, 500))
    expect(heard.items).toEqual(Array.from({ length: 15 }, (_, i) => i + 1))
    await client.removeAllChannels()
  }, 30_000)
})
