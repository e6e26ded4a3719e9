// Attack: slow anon requests meant to hold every database connection. Each is cut off by
// anon's 3 s statement_timeout with PostgREST's error (57014 → 500), REST's own pool
// serves the next requests once they end, and Auth, on its own pool, never waits for them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anonClient, serviceClient, sql, stackEnv, unique } from '../../support/clients.ts'

const slow = unique('rest_sec_slow')
const table = unique('rest_sec_quick')

beforeAll(async () => {
  await sql().query(`
    create function public.${slow}(seconds int) returns int language sql volatile as $$
      select 1 from pg_sleep(seconds) $$;
    revoke all on function public.${slow}(int) from public;
    grant execute on function public.${slow}(int) to anon;
    create table public.${table} (id int primary key);
    insert into public.${table} values (1);
    grant select on public.${table} to anon;`)
})
afterAll(() =>
  sql().query(`drop function if exists public.${slow}(int); drop table if exists public.${table}`),
)

describe('a slow anon query', () => {
  it('is cut off after 3 s with 500 and the 57014 body, and the pool keeps serving', async () => {
    const settled: boolean[] = []
    // More slow calls than the REST pool has connections (10).
    const slowCalls = Array.from({ length: 12 }, (_, i) =>
      fetch(`${stackEnv().apiUrl}/rest/v1/rpc/${slow}`, {
        method: 'POST',
        headers: { apikey: stackEnv().anonKey, 'content-type': 'application/json' },
        body: JSON.stringify({ seconds: 20 }),
      }).then(async (res) => {
        settled[i] = true
        return { status: res.status, body: (await res.json()) as unknown }
      }),
    )
    // Auth uses the stack's other pool: it answers while every REST connection is busy.
    const { data: users, error } = await serviceClient().auth.admin.listUsers({ page: 1, perPage: 1 })
    expect(error).toBeNull()
    expect(users.users.length).toBeLessThanOrEqual(1)
    expect(settled.filter(Boolean)).toHaveLength(0)
    // A REST read queued behind them is served once the timeouts free a connection.
    const quick = await anonClient().from(table).select('id')
    expect(quick).toMatchObject({ status: 200, data: [{ id: 1 }] })

    for (const r of await Promise.all(slowCalls)) {
      expect(r.status).toBe(500)
      expect(r.body).toEqual({
        code: '57014',
        details: null,
        hint: null,
        message: 'canceling statement due to statement timeout',
      })
    }
  })
})
