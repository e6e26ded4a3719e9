// REST: the dashboard's list (50 orders with their customer, as an admin) and the tracker's
// query (a customer's orders with items and timeline, RLS on), through the REST API with
// supabase-js, against the same SQL sent straight to Postgres with the same role, claims
// and transaction, in one exchange with Postgres as REST sends them. The same requests
// through Node's own http client, and both clients against a server with no database (the
// HTTP floor), tell what the client costs from what the stack and Postgres cost.
import pg from 'pg'
import type { StackEnv } from '../tests/support/stack-env.ts'
import { adminToken, clientWithToken, makeCustomers } from './data.ts'
import { closedLoop } from './load.ts'
import { treeCpuSplit } from './procstat.ts'
import { authenticatorUrl, direct, httpFloor, nodeHttp } from './rest-ways.ts'
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
/** What supabase-js sends for the two queries below, for the plain client. */
const DASHBOARD_PATH =
  '/rest/v1/orders?select=id,number,status,total_cents,currency,updated_at,customer:customers(name,email)&order=updated_at.desc&limit=50'
const TRACKER_PATH =
  '/rest/v1/orders?select=*,items:order_items(*),events:order_events(*)&order=created_at.desc'

const KINDS = ['sql', 'rest', 'floor', 'restNode', 'floorNode'] as const
type Kind = (typeof KINDS)[number]
const LABEL: Record<Kind, string> = {
  sql: 'direct SQL',
  rest: 'REST API',
  floor: 'HTTP floor',
  restNode: "REST API (Node's http client)",
  floorNode: "HTTP floor (Node's http client)",
}

export interface RestCase {
  name: string
  /** The HTTP floor's server process. */
  floorPid: number
  ways: Record<Kind, () => Promise<void>>
}

/** Each way checks it got the whole answer, so a failing request cannot pass for a fast one. */
function expectRows(rows: number, what: string) {
  return (data: unknown) => {
    if (!Array.isArray(data) || data.length !== rows)
      throw new Error(
        `${what}: expected ${rows} rows, got ${Array.isArray(data) ? data.length : typeof data}`,
      )
  }
}

/** A supabase-js query's answer, its error thrown, its data checked. */
const js = (query: PromiseLike<{ data: unknown; error: unknown }>, check: (d: unknown) => void) =>
  Promise.resolve(query).then(({ data, error }) => {
    if (error) throw error as Error
    check(data)
  })

/** The two workloads with their ways to run (also used by ad-hoc profiling runs). */
export async function restCases(
  env: StackEnv,
  o: { concurrency: number; progress: (s: string) => void },
): Promise<{ cases: RestCase[]; close: () => Promise<void> }> {
  o.progress('arranging 200 customers with 5 orders each')
  const customers = await makeCustomers(env, 200, 5)
  const adminJwt = await adminToken(env)
  const customerJwt = customers[0]!.token
  const admin = clientWithToken(env, adminJwt)
  const customer = clientWithToken(env, customerJwt)
  const pool = new pg.Pool({ connectionString: authenticatorUrl(env.databaseUrl), max: o.concurrency })

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
  const floorJs = (i: number) => clientWithToken({ ...env, apiUrl: floors[i]!.url }, customerJwt)
  const plain = (base: string, path: string, token: string) =>
    nodeHttp({ url: base + path, apikey: env.anonKey, token, concurrency: o.concurrency })
  const plains = [
    plain(env.apiUrl, DASHBOARD_PATH, adminJwt),
    plain(floors[0]!.url, DASHBOARD_PATH, adminJwt),
    plain(env.apiUrl, TRACKER_PATH, customerJwt),
    plain(floors[1]!.url, TRACKER_PATH, customerJwt),
  ]
  const fifty = expectRows(50, 'dashboard')
  const five = expectRows(5, 'tracker')

  const cases: RestCase[] = [
    {
      name: 'dashboard list (admin, 50 orders + customer)',
      floorPid: floors[0]!.pid,
      ways: {
        sql: direct(pool, adminJwt, DASHBOARD_SQL, 'bench_dashboard'),
        rest: () => js(dashboard(admin), fifty),
        floor: () => js(dashboard(floorJs(0)), fifty),
        restNode: () => plains[0]!.get().then(fifty),
        floorNode: () => plains[1]!.get().then(fifty),
      },
    },
    {
      name: 'tracker (customer, RLS on, orders + items + timeline)',
      floorPid: floors[1]!.pid,
      ways: {
        sql: direct(pool, customerJwt, TRACKER_SQL, 'bench_tracker'),
        rest: () => js(tracker(customer), five),
        floor: () => js(tracker(floorJs(1)), five),
        restNode: () => plains[2]!.get().then(five),
        floorNode: () => plains[3]!.get().then(five),
      },
    },
  ]

  return {
    cases,
    async close() {
      await pool.end()
      for (const p of plains) p.close()
      for (const f of floors) f.stop()
    },
  }
}

/** CPU seconds so far of each process a request passes through. */
async function cpuNow(stackPid: number, floorPid: number) {
  const own = process.cpuUsage()
  const stack = await treeCpuSplit(stackPid)
  const floor = await treeCpuSplit(floorPid)
  return {
    client: (own.user + own.system) / 1e6,
    stack: stack.rest,
    postgres: stack.postgres,
    floor: floor.rest,
  }
}
type Cpu = Awaited<ReturnType<typeof cpuNow>>

/** Where each way's requests spend CPU: µs per request by process, over all runs. */
function cpuNote(name: string, cpu: Record<Kind, Cpu>, count: Record<Kind, number>): string {
  const us = (k: Kind, p: keyof Cpu) => Math.round((cpu[k][p] / count[k]) * 1e6)
  const total = (k: Kind) => us(k, 'client') + us(k, 'stack') + us(k, 'postgres') + us(k, 'floor')
  const rest = (k: Kind, client: string) =>
    `${total(k)} = ${client} ${us(k, 'client')} + stack ${us(k, 'stack')} + Postgres ${us(k, 'postgres')}`
  const floor = (k: Kind, client: string) =>
    `${total(k)} = ${client} ${us(k, 'client')} + floor server ${us(k, 'floor')}`
  return (
    `${name}: CPU per request (µs, user + system, all runs): REST API ${rest('rest', 'supabase-js')}; ` +
    `REST API ${rest('restNode', 'Node http client')}; direct SQL ${total('sql')} = pg client ` +
    `${us('sql', 'client')} + Postgres ${us('sql', 'postgres')}; HTTP floor ${floor('floor', 'supabase-js')}; ` +
    `${floor('floorNode', 'Node http client')}. The machine's cores serve all of them at once.`
  )
}

/** Issue 16: REST through supabase-js against direct SQL, measured in the same run. */
const TARGET = { rate: 0.8, latency: 1.3 }

/** One value per way. */
const each = <T>(f: (k: Kind) => T) => Object.fromEntries(KINDS.map((k) => [k, f(k)])) as Record<Kind, T>

export async function benchRest(
  env: StackEnv,
  o: {
    seconds: number
    concurrency: number
    runs: number
    /** The stack's process, to account CPU per request (omitted: no accounting). */
    stackPid?: number
    progress: (s: string) => void
  },
): Promise<Section> {
  const { cases, close } = await restCases(env, o)
  const figures: Figure[] = []
  const notes: string[] = []
  try {
    for (const c of cases) {
      const rate = each(() => [] as number[])
      const lat = each(() => [] as number[])
      const cpu = each(() => ({ client: 0, stack: 0, postgres: 0, floor: 0 }))
      // Unrecorded warm-up, the same for each way: JIT, pools and prepared statements settle.
      for (const kind of KINDS) {
        o.progress(`${c.name}: ${LABEL[kind]} warm-up`)
        await closedLoop(c.ways[kind], { concurrency: o.concurrency, seconds: 1 })
      }
      for (let run = 1; run <= o.runs; run++) {
        for (const kind of KINDS) {
          o.progress(`${c.name}: ${LABEL[kind]} run ${run}/${o.runs}`)
          const before = o.stackPid ? await cpuNow(o.stackPid, c.floorPid) : undefined
          const r = await closedLoop(c.ways[kind], { concurrency: o.concurrency, seconds: o.seconds })
          if (r.errors) throw new Error(`${c.name} (${kind}): ${r.errors} failed requests`)
          if (before) {
            const after = await cpuNow(o.stackPid!, c.floorPid)
            for (const p of Object.keys(before) as Array<keyof Cpu>) cpu[kind][p] += after[p] - before[p]
          }
          rate[kind].push(r.perSecond)
          lat[kind].push(...r.latencies)
        }
      }
      for (const kind of KINDS) {
        const label = kind === 'sql' ? 'direct SQL (baseline)' : LABEL[kind]
        figures.push(
          { name: `${c.name}: ${label}`, unit: 'req/s', samples: rate[kind] },
          { name: `${c.name}: ${LABEL[kind]} latency`, unit: 'ms', samples: lat[kind] },
        )
      }
      const m = (xs: number[]) => summarize(xs).median
      const vsSql = (k: Kind) => ratio(m(rate[k]), m(rate.sql))
      const latVsSql = (k: Kind) => ratio(m(lat[k]), m(lat.sql))
      const met = m(rate.rest) >= TARGET.rate * m(rate.sql) && m(lat.rest) <= TARGET.latency * m(lat.sql)
      notes.push(
        `${c.name}: the REST API serves ${vsSql('rest')} the requests/s of direct SQL ` +
          `(median latency ${latVsSql('rest')} of the baseline's; ${o.concurrency} concurrent clients; ` +
          `target ≥ ${TARGET.rate.toFixed(2)}× and ≤ ${TARGET.latency.toFixed(2)}×: ${met ? 'met' : 'not met'}). ` +
          `supabase-js against a server answering the same bytes at once, with no database, reaches ` +
          `${vsSql('floor')} of direct SQL: REST serves ${ratio(m(rate.rest), m(rate.floor))} of that floor. ` +
          `With Node's http client instead of supabase-js, REST serves ${vsSql('restNode')} of direct SQL ` +
          `(median latency ${latVsSql('restNode')}), its floor ${vsSql('floorNode')}.`,
      )
      const count = each((k) => lat[k].length)
      if (o.stackPid) notes.push(cpuNote(c.name, cpu, count))
    }
  } finally {
    await close()
  }
  return {
    title: `REST API vs the same SQL through pg (${o.concurrency} concurrent clients, 1 s warm-up, ${o.seconds} s × ${o.runs} runs)`,
    figures,
    notes,
  }
}
