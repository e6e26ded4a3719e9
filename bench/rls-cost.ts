// What the postgres_changes RLS check costs per subscriber: the stack's way (a statement
// prepared once per table and role, run once per claim set) against re-planning the same
// lookup for every claim set (what the stack did before), on the same row and claim sets.
import pg from 'pg'
import type { StackEnv } from '../tests/support/stack-env.ts'
import type { BenchCustomer } from './data.ts'

export async function rlsCheckCost(env: StackEnv, customers: BenchCustomer[], runs = 5) {
  const db = new pg.Client({ connectionString: env.databaseUrl })
  await db.connect()
  try {
    const order = customers[0]!.orderIds[0]!
    const claims = JSON.stringify(customers.map((c) => ({ sub: c.userId, role: 'authenticated' })))
    await db.query(`set plan_cache_mode = force_generic_plan; set search_path = ''`)
    await db.query(`set role authenticated`)
    await db.query(`prepare bench_rls (uuid) as select exists (select 1 from public.orders where id = $1)`)
    await db.query(`reset role`)
    await db.query(`
      create function pg_temp.replanned(row_id uuid, claim_sets jsonb) returns boolean[] language plpgsql as $$
      declare c jsonb; ok boolean; result boolean[] := '{}';
      begin
        for c in select value from jsonb_array_elements(claim_sets) loop
          perform set_config('role', 'authenticated', true), set_config('request.jwt.claims', c::text, true);
          execute format('select exists (select 1 from public.orders where id = %L)', row_id) into ok;
          perform set_config('role', 'none', true);
          result := result || ok;
        end loop;
        return result;
      end $$`)
    const time = async (sql: string, params: unknown[]) => {
      const samples: number[] = []
      for (let i = 0; i < runs; i++) {
        const t = performance.now()
        const { rows } = await db.query<{ ok: boolean[] }>(sql, params)
        samples.push(((performance.now() - t) * 1000) / customers.length)
        if (rows[0]!.ok.filter(Boolean).length !== 1)
          throw new Error('the RLS check let more or fewer than one see the row')
      }
      return samples
    }
    const prepared = await time(
      `select _realtime.visible_to('public.orders'::regclass, 'bench_rls', 'authenticated', array[$1], $2::jsonb) as ok`,
      [order, claims],
    )
    const replanned = await time(`select pg_temp.replanned($1, $2::jsonb) as ok`, [order, claims])
    return { prepared, replanned, claimSets: customers.length }
  } finally {
    await db.end()
  }
}
