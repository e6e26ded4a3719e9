// What the postgres_changes RLS check costs per subscriber: the stack's way (a statement
// prepared once per table and role, run once per claim set) against re-planning the same
// lookup for every claim set (what the stack did before), and the loop alone (switching role
// and claims per claim set, running a statement that reads nothing), on the same claim sets.
import pg from 'pg'
import type { StackEnv } from '../tests/support/stack-env.ts'
import type { BenchCustomer } from './data.ts'

export async function rlsCheckCost(env: StackEnv, customers: BenchCustomer[], runs = 9) {
  const db = new pg.Client({ connectionString: env.databaseUrl })
  await db.connect()
  try {
    const order = customers[0]!.orderIds[0]!
    const claims = JSON.stringify(customers.map((c) => ({ sub: c.userId, role: 'authenticated' })))
    await db.query(`set plan_cache_mode = force_generic_plan; set search_path = ''`)
    await db.query(`set role authenticated`)
    await db.query(`prepare bench_rls (uuid) as select exists (select 1 from public.orders where id = $1)`)
    await db.query(`prepare bench_noop (uuid) as select $1 is not null`)
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
    /** µs per claim set of one call; `visible` is how many claim sets must come out true. */
    const time = async (sql: string, params: unknown[], visible: number) => {
      const t = performance.now()
      const { rows } = await db.query<{ ok: boolean[] }>(sql, params)
      if (rows[0]!.ok.filter(Boolean).length !== visible) throw new Error(`expected ${visible} visible`)
      return [((performance.now() - t) * 1000) / customers.length]
    }
    const stack = (stmt: string) =>
      `select _realtime.visible_to('public.orders'::regclass, '${stmt}', 'authenticated', array[$1], $2::jsonb) as ok`
    const samples = { prepared: [] as number[], replanned: [] as number[], loop: [] as number[] }
    // Interleaved, so a burst of load on the machine hits all three alike.
    for (let i = 0; i < runs; i++) {
      samples.prepared.push(...(await time(stack('bench_rls'), [order, claims], 1)))
      samples.replanned.push(
        ...(await time(`select pg_temp.replanned($1, $2::jsonb) as ok`, [order, claims], 1)),
      )
      samples.loop.push(...(await time(stack('bench_noop'), [order, claims], customers.length)))
    }
    return { ...samples, claimSets: customers.length }
  } finally {
    await db.end()
  }
}
