// The replication reader survives losing its stream: subscribers keep receiving and no
// committed change is skipped, including those committed while it was down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RealtimePostgresChangesPayload } from '@supabase/supabase-js'
import { serviceClient, sql } from '../../support/clients.ts'
import { collector, subscribed } from './helpers.ts'

const T = 'rt_resume_ticks'
const db = serviceClient()

beforeAll(async () => {
  await sql().query(`
    drop table if exists public.${T};
    create table public.${T} (id bigint primary key);
    alter publication supabase_realtime add table public.${T};
  `)
})
afterAll(async () => {
  await db.removeAllChannels()
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
    const killed = await sql().query(
      "select pg_terminate_backend(active_pid) as ok from pg_replication_slots where slot_name = 'stack_realtime' and active_pid is not null",
    )
    expect(killed.rows).toEqual([{ ok: true }])
    for (let i = 6; i <= 15; i++) await sql().query(`insert into public.${T} values ($1)`, [i])
    const got = await events.atLeast(15, 15_000)
    expect(got.map((p) => (p.new as { id: number }).id)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1))
  }, 30_000)
})
