// The dashboard's first load against 10,000 orders: its header (public.dashboard: counts,
// periods, needs-attention, 14 days per status) and the first page of the list, as the app
// asks for them (both at once, through REST as an admin). Baseline: the first page alone,
// which is all the dashboard loaded before it had a header. "In the database" is the
// dashboard function's own time, run through pg as the same role and claims.
import { decodeJwt } from 'jose'
import pg from 'pg'
import type { StackEnv } from '../tests/support/stack-env.ts'
import { dashboardHeader, firstListQuery, orderPage } from '../src/lib/desk-queries.ts'
import { adminToken, clientWithToken, makeCustomers } from './data.ts'
import { type Figure, type Section, ratio, summarize } from './stats.ts'

export const DESK_ORDERS = 10_000

/** 500 customers × 20 orders, spread over 30 days and every status, some late or unmailed. */
export async function arrangeDesk(env: StackEnv): Promise<void> {
  await makeCustomers(env, 500, DESK_ORDERS / 500)
  const db = new pg.Client({ connectionString: env.databaseUrl })
  await db.connect()
  try {
    await db.query('set session_replication_role = replica')
    await db.query(`
      with spread as (
        select id, row_number() over (order by id) as i from orders)
      update orders o
         set created_at = now() - make_interval(mins => (s.i * 4337 % 43200)::int),
             updated_at = now() - make_interval(mins => (s.i * 4337 % 43200)::int / 2),
             status = (enum_range(null::order_status))[1 + s.i % 7],
             currency = case when s.i % 5 = 0 then 'EUR' else 'USD' end,
             estimated_delivery = case when s.i % 3 = 0 then current_date - (s.i % 9)::int + 4 end
        from spread s where s.id = o.id`)
    await db.query(`
      with events as (
        insert into order_events (order_id, kind) select id, 'created' from orders where status = 'processing' limit 50
        returning id, order_id)
      insert into notifications (event_id, order_id, recipient, status, last_error)
      select id, order_id, 'bench@bench.test', 'failed', 'bench' from events`)
    await db.query('analyze orders; analyze notifications; analyze customers')
  } finally {
    await db.end()
  }
}

async function timed(n: number, f: () => Promise<void>): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await f()
    out.push(performance.now() - t)
  }
  return out
}

export async function benchDesk(
  env: StackEnv,
  o: { samples: number; progress: (s: string) => void },
): Promise<Section> {
  o.progress(`arranging ${DESK_ORDERS} orders over 500 customers`)
  await arrangeDesk(env)
  const token = await adminToken(env)
  const admin = clientWithToken(env, token)
  const header = async () => {
    const { data, error } = await dashboardHeader(admin)
    if (error || !data) throw error ?? new Error('no dashboard')
  }
  const firstPage = async () => {
    const { data, error } = await orderPage(admin, firstListQuery())
    if (error || data.length !== 20) throw error ?? new Error(`expected 20 rows, got ${data.length}`)
  }
  const firstLoad = async () => {
    await Promise.all([header(), firstPage()])
  }

  const db = new pg.Client({ connectionString: env.databaseUrl })
  await db.connect()
  const inDatabase = async () => {
    await db.query('begin read only')
    await db.query(
      `select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
      [JSON.stringify(decodeJwt(token))],
    )
    await db.query('select public.dashboard()')
    await db.query('commit')
  }

  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from orders')
  o.progress('warming up')
  await timed(5, firstLoad)
  await timed(5, inDatabase)
  const lat = { load: [] as number[], page: [] as number[], header: [] as number[], db: [] as number[] }
  // Interleaved, so a busy moment of the shared machine weighs on every figure alike.
  try {
    for (let round = 0; round < o.samples / 10; round++) {
      o.progress(`first loads ${round * 10}/${o.samples}`)
      lat.page.push(...(await timed(10, firstPage)))
      lat.load.push(...(await timed(10, firstLoad)))
      lat.header.push(...(await timed(10, header)))
      lat.db.push(...(await timed(10, inDatabase)))
    }
  } finally {
    await db.end()
  }
  const figures: Figure[] = [
    { name: 'first load: header + first page (REST, at once)', unit: 'ms', samples: lat.load },
    { name: 'header alone: rpc/dashboard (REST)', unit: 'ms', samples: lat.header },
    { name: 'header in the database: dashboard() as the admin', unit: 'ms', samples: lat.db },
    { name: 'baseline: first page alone (order_list, 20 + count)', unit: 'ms', samples: lat.page },
  ]
  const m = (xs: number[]) => summarize(xs)
  return {
    title: `Dashboard first load against ${rows[0]!.n} orders (one admin, ${o.samples} loads)`,
    figures,
    notes: [
      `The first load takes ${ratio(m(lat.load).median, m(lat.page).median)} the time of the list page alone at the median ` +
        `(p95 ${ratio(m(lat.load).p95, m(lat.page).p95)}): the header is computed by the database under RLS, ` +
        `${ratio(m(lat.db).median, m(lat.header).median)} of its REST time is spent inside Postgres.`,
    ],
  }
}
