// REST: the dashboard's list (50 orders with their customer, as an admin) and the tracker's
// query (a customer's orders with items and timeline, RLS on), through the REST API with
// supabase-js, against the same SQL sent straight to Postgres with the same role, claims
// and transaction, pipelined as REST pipelines.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { decodeJwt } from 'jose'
import pg from 'pg'
import { loadConfig } from '../stack/shared/config.ts'
import { authenticatorUrl } from '../stack/rest/db/pool.ts'
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

/**
 * The baseline: the same query as the same role and claims in the same kind of transaction,
 * straight through pg with every trick REST uses: logged in as authenticator, begin + one
 * set_config statement (role, claims, search path, the role's statement_timeout) + the query
 * + commit pipelined in one round trip, both statements prepared (named) per connection.
 * Like supabase-js for REST, pg parses the JSON it gets back, so both callers end up holding
 * the same objects.
 */
function direct(pool: pg.Pool, token: string, sql: string, name: string) {
  const claims = JSON.stringify(decodeJwt(token))
  const context = `select set_config('search_path', '"public", "extensions"', true), set_config('statement_timeout', '8s', true),
    set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`
  return async () => {
    const c = await pool.connect()
    try {
      const done = await Promise.all([
        c.query('begin read only'),
        c.query({ name: 'bench_context', text: context, values: [claims] }),
        c.query({ name, text: sql }),
        c.query('commit'),
      ])
      if (!done[2]!.rows[0]) throw new Error('no result')
    } finally {
      c.release()
    }
  }
}

const LABEL = { sql: 'direct SQL', rest: 'REST API', floor: 'HTTP floor' }

/**
 * The HTTP floor: supabase-js against a server (its own process) that answers at once with
 * the bytes REST answered, no database. No REST API can be faster than this client and HTTP.
 */
async function httpFloor(body: string): Promise<{ url: string; stop: () => void }> {
  const code = `require('http').createServer((q, s) => { s.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }); s.end(process.env.FLOOR_BODY) })
    .listen(0, '127.0.0.1', function () { console.log(this.address().port) })`
  const child = spawn(process.execPath, ['-e', code], {
    env: { FLOOR_BODY: body },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [port] = (await once(child.stdout!, 'data')) as [Buffer]
  return { url: `http://127.0.0.1:${String(port).trim()}`, stop: () => child.kill() }
}

export async function benchRest(
  env: StackEnv,
  o: { seconds: number; concurrency: number; runs: number; progress: (s: string) => void },
): Promise<Section> {
  o.progress('arranging 200 customers with 5 orders each')
  const customers = await makeCustomers(env, 200, 5)
  const admin = clientWithToken(env, await adminToken(env))
  const customer = clientWithToken(env, customers[0]!.token)
  // Pipelined connections, as REST's (`pipeline` is a pg.Client option @types/pg lacks).
  const pool = new pg.Pool({
    connectionString: authenticatorUrl(env.databaseUrl, loadConfig().rest),
    max: o.concurrency,
    ...({ pipeline: true } as object),
  })

  const dashboard = (db: typeof admin) =>
    db
      .from('orders')
      .select('id, number, status, total_cents, currency, updated_at, customer:customers(name, email)')
      .order('updated_at', { ascending: false })
      .limit(50)
  const tracker = (db: typeof admin) =>
    db
      .from('orders')
      .select('*, items:order_items(*), events:order_events(*)')
      .order('created_at', { ascending: false })
  const floors = [
    await httpFloor(JSON.stringify((await dashboard(admin)).data)),
    await httpFloor(JSON.stringify((await tracker(customer)).data)),
  ]
  const floorClient = (i: number) => clientWithToken({ ...env, apiUrl: floors[i]!.url }, customers[0]!.token)

  const cases = [
    {
      name: 'dashboard list (admin, 50 orders + customer)',
      floor: async () => {
        const { data, error } = await dashboard(floorClient(0))
        if (error || data.length !== 50) throw error ?? new Error('floor')
      },
      rest: async () => {
        const { data, error } = await admin
          .from('orders')
          .select('id, number, status, total_cents, currency, updated_at, customer:customers(name, email)')
          .order('updated_at', { ascending: false })
          .limit(50)
        if (error || data.length !== 50) throw error ?? new Error(`expected 50 rows, got ${data.length}`)
      },
      sql: direct(pool, await adminToken(env), DASHBOARD_SQL, 'bench_dashboard'),
    },
    {
      name: 'tracker (customer, RLS on, orders + items + timeline)',
      floor: async () => {
        const { data, error } = await tracker(floorClient(1))
        if (error || data.length !== 5) throw error ?? new Error('floor')
      },
      rest: async () => {
        const { data, error } = await customer
          .from('orders')
          .select('*, items:order_items(*), events:order_events(*)')
          .order('created_at', { ascending: false })
        if (error || data.length !== 5) throw error ?? new Error(`expected 5 orders, got ${data.length}`)
      },
      sql: direct(pool, customers[0]!.token, TRACKER_SQL, 'bench_tracker'),
    },
  ]

  const figures: Figure[] = []
  const notes: string[] = []
  try {
    for (const c of cases) {
      const rate = { rest: [] as number[], sql: [] as number[], floor: [] as number[] }
      const lat = { rest: [] as number[], sql: [] as number[], floor: [] as number[] }
      for (let run = 1; run <= o.runs; run++) {
        for (const kind of ['sql', 'rest', 'floor'] as const) {
          o.progress(`${c.name}: ${LABEL[kind]} run ${run}/${o.runs}`)
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
        { name: `${c.name}: HTTP floor (supabase-js, no database)`, unit: 'req/s', samples: rate.floor },
        { name: `${c.name}: HTTP floor latency`, unit: 'ms', samples: lat.floor },
      )
      const m = (xs: number[]) => summarize(xs).median
      notes.push(
        `${c.name}: the REST API serves ${ratio(m(rate.rest), m(rate.sql))} the requests/s of direct SQL ` +
          `(median latency ${ratio(m(lat.rest), m(lat.sql))} of the baseline's; ${o.concurrency} concurrent clients). ` +
          `supabase-js against a server answering the same bytes at once, with no database, reaches ` +
          `${ratio(m(rate.floor), m(rate.sql))} of direct SQL: REST serves ${ratio(m(rate.rest), m(rate.floor))} of that floor.`,
      )
    }
  } finally {
    await pool.end()
    for (const f of floors) f.stop()
  }
  return {
    title: `REST API vs the same SQL through pg (${o.concurrency} concurrent clients, ${o.seconds} s × ${o.runs} runs)`,
    figures,
    notes,
  }
}
