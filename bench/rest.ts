// REST: the dashboard's list (50 orders with their customer, as an admin) and the tracker's
// query (a customer's orders with items and timeline, RLS on), through the REST API with
// supabase-js, against the same SQL sent straight to Postgres with the same role and claims.
import { decodeJwt } from 'jose'
import pg from 'pg'
import type { StackEnv } from '../tests/support/stack-env.ts'
import { adminToken, clientWithToken, makeCustomers } from './data.ts'
import { closedLoop } from './load.ts'
import { type Figure, type Section, ratio, summarize } from './stats.ts'

const DASHBOARD_SQL = `
  select coalesce(json_agg(t), '[]') from (
    select o.id, o.number, o.status, o.total_cents, o.currency, o.updated_at,
           (select json_build_object('name', c.name, 'email', c.email) from public.customers c where c.id = o.customer_id) as customer
      from public.orders o order by o.updated_at desc limit 50) t`
const TRACKER_SQL = `
  select coalesce(json_agg(t), '[]') from (
    select o.*,
           (select coalesce(json_agg(i order by i.position), '[]') from public.order_items i where i.order_id = o.id) as items,
           (select coalesce(json_agg(e order by e.id), '[]') from public.order_events e where e.order_id = o.id) as events
      from public.orders o order by o.created_at desc) t`

/** The baseline: the same query as the same role and claims, straight through pg. */
function direct(pool: pg.Pool, token: string, sql: string) {
  const claims = JSON.stringify(decodeJwt(token))
  return async () => {
    const c = await pool.connect()
    try {
      await c.query('begin read only')
      await c.query(`set local role authenticated`)
      await c.query(`select set_config('request.jwt.claims', $1, true)`, [claims])
      await c.query(sql)
      await c.query('commit')
    } finally {
      c.release()
    }
  }
}

export async function benchRest(
  env: StackEnv,
  o: { seconds: number; concurrency: number; runs: number; progress: (s: string) => void },
): Promise<Section> {
  o.progress('arranging 200 customers with 5 orders each')
  const customers = await makeCustomers(env, 200, 5)
  const admin = clientWithToken(env, await adminToken(env))
  const customer = clientWithToken(env, customers[0]!.token)
  const pool = new pg.Pool({ connectionString: env.databaseUrl, max: o.concurrency })

  const cases = [
    {
      name: 'dashboard list (admin, 50 orders + customer)',
      rest: async () => {
        const { data, error } = await admin
          .from('orders')
          .select('id, number, status, total_cents, currency, updated_at, customer:customers(name, email)')
          .order('updated_at', { ascending: false })
          .limit(50)
        if (error || data.length !== 50) throw error ?? new Error(`expected 50 rows, got ${data.length}`)
      },
      sql: direct(pool, await adminToken(env), DASHBOARD_SQL),
    },
    {
      name: 'tracker (customer, RLS on, orders + items + timeline)',
      rest: async () => {
        const { data, error } = await customer
          .from('orders')
          .select('*, items:order_items(*), events:order_events(*)')
          .order('created_at', { ascending: false })
        if (error || data.length !== 5) throw error ?? new Error(`expected 5 orders, got ${data.length}`)
      },
      sql: direct(pool, customers[0]!.token, TRACKER_SQL),
    },
  ]

  const figures: Figure[] = []
  const notes: string[] = []
  try {
    for (const c of cases) {
      const rate = { rest: [] as number[], sql: [] as number[] }
      const lat = { rest: [] as number[], sql: [] as number[] }
      for (let run = 1; run <= o.runs; run++) {
        for (const kind of ['sql', 'rest'] as const) {
          o.progress(`${c.name}: ${kind === 'rest' ? 'REST API' : 'direct SQL'} run ${run}/${o.runs}`)
          const r = await closedLoop(c[kind], { concurrency: o.concurrency, seconds: o.seconds })
          if (r.errors) throw new Error(`${c.name} (${kind}): ${r.errors} failed requests`)
          rate[kind].push(r.perSecond)
          lat[kind].push(...r.latencies)
        }
      }
      figures.push(
        { name: `${c.name}: REST API`, unit: 'req/s', samples: rate.rest },
        { name: `${c.name}: direct SQL (baseline)`, unit: 'req/s', samples: rate.sql },
        { name: `${c.name}: REST API latency`, unit: 'ms', samples: lat.rest },
        { name: `${c.name}: direct SQL latency`, unit: 'ms', samples: lat.sql },
      )
      const m = (xs: number[]) => summarize(xs).median
      notes.push(
        `${c.name}: the REST API serves ${ratio(m(rate.rest), m(rate.sql))} the requests/s of direct SQL ` +
          `(median latency ${ratio(m(lat.rest), m(lat.sql))} of the baseline's; ${o.concurrency} concurrent clients).`,
      )
    }
  } finally {
    await pool.end()
  }
  return {
    title: `REST API vs the same SQL through pg (${o.concurrency} concurrent clients, ${o.seconds} s × ${o.runs} runs)`,
    figures,
    notes,
  }
}
