// Each request is one transaction: a statement that fails after it has written leaves nothing
// behind, and the connection it ran on serves the next request as if nothing had happened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serviceClient, sql, unique } from '../../support/clients.ts'

const table = unique('rest_tx_rows')
const fn = unique('rest_tx_write_then_fail')

beforeAll(async () => {
  await sql().query(`
    create table public.${table} (id serial primary key, note text not null);
    grant select, insert on public.${table} to service_role;
    grant usage on sequence public.${table}_id_seq to service_role;
    create function public.${fn}(note text) returns void language plpgsql as $$
      begin
        insert into public.${table} (note) values (note);
        raise exception 'refused after writing' using errcode = 'P0001';
      end $$;
    grant execute on function public.${fn}(text) to service_role;`)
})
afterAll(() =>
  sql().query(`drop function if exists public.${fn}(text); drop table if exists public.${table}`),
)

describe('REST transactions', () => {
  it('rolls back what a failing request wrote and keeps its connection serving', async () => {
    const db = serviceClient()
    // One request at a time: the pool hands the same connection back each time.
    for (let i = 0; i < 5; i++) {
      const failed = await db.rpc(fn, { note: `lost ${i}` })
      expect(failed.error).toMatchObject({ code: 'P0001', message: 'refused after writing' })
      const kept = await db
        .from(table)
        .insert({ note: `kept ${i}` })
        .select('note')
        .single()
      expect(kept.error).toBeNull()
      expect(kept.data).toEqual({ note: `kept ${i}` })
    }
    const { rows } = await sql().query(`select note from public.${table} order by id`)
    expect(rows.map((r: { note: string }) => r.note)).toEqual([
      'kept 0',
      'kept 1',
      'kept 2',
      'kept 3',
      'kept 4',
    ])
  })
})
