// Live updates as the app does them: customers on their private topics and admin dashboards
// on the desk, joined through the app's own channel code (src/lib/channels.ts) from a
// process of their own, while an admin changes orders. In the same run: the
// NOTIFY floor with the same crowd and writer, the old unfiltered postgres_changes
// subscription of the tracker, and the per-subscriber cost of its RLS check.
import os from 'node:os'
import pg from 'pg'
import type { StackEnv } from '../tests/support/stack-env.ts'
import { type BenchCustomer, adminToken, makeCustomers } from './data.ts'
import type { Person } from './live-clients.ts'
import { type Fleet, startFleet } from './live-fleet.ts'
import { type RunResult, timedRun } from './live-run.ts'
import { startRelay } from './relay.ts'
import { rlsCheckCost } from './rls-cost.ts'
import { type Figure, type Section, fmt, ratio, summarize } from './stats.ts'

export interface RealtimeOptions {
  customers: number[]
  dashboards: number
  rates: number[]
  seconds: number
  oldCustomers: number
  oldRate: number
  pid: number
  progress: (s: string) => void
}

const TARGET_P99_MS = 50
const TARGET_FLOOR_RATIO = 3
const TARGET_MEMORY_MIB = 1.5 * 1024

const people = async (env: StackEnv, customers: BenchCustomer[], dashboards: number): Promise<Person[]> => [
  ...customers.map((c) => ({ kind: 'customer' as const, token: c.token, customerId: c.customerId })),
  ...(await Promise.all(Array.from({ length: dashboards }, () => adminToken(env)))).map((token) => ({
    kind: 'dashboard' as const,
    token,
  })),
]

interface Config {
  customers: number
  rate: number
  live: RunResult
  floor: RunResult
  joinSeconds: number
}

async function crowd(env: StackEnv, fleet: Fleet, o: RealtimeOptions, customers: BenchCustomer[]) {
  const crowdPeople = await people(env, customers, o.dashboards)
  const results: Config[] = []
  const joinStarted = performance.now()
  await fleet.connect('live', env, crowdPeople)
  const joinSeconds = (performance.now() - joinStarted) / 1000
  o.progress(
    `${customers.length} customers and ${o.dashboards} dashboards joined their private channels in ${fmt(joinSeconds)} s`,
  )
  const live = new Map<number, RunResult>()
  for (const rate of o.rates) {
    o.progress(`live: ${customers.length} customers, ${rate} changes/s for ${o.seconds} s`)
    live.set(
      rate,
      await timedRun({
        env,
        fleet,
        customers,
        dashboards: o.dashboards,
        rate,
        seconds: o.seconds,
        pid: o.pid,
      }),
    )
  }
  await fleet.disconnect()
  const relay = await startRelay(env.databaseUrl)
  try {
    await fleet.connect('floor', env, crowdPeople, relay.url)
    for (const rate of o.rates) {
      o.progress(`floor: ${customers.length} customers, ${rate} changes/s for ${o.seconds} s`)
      const floor = await timedRun({
        env,
        fleet,
        customers,
        dashboards: o.dashboards,
        rate,
        seconds: o.seconds,
      })
      results.push({ customers: customers.length, rate, live: live.get(rate)!, floor, joinSeconds })
    }
    await fleet.disconnect()
  } finally {
    await relay.stop()
  }
  return results
}

async function oldSubscription(env: StackEnv, fleet: Fleet, o: RealtimeOptions, customers: BenchCustomer[]) {
  const db = new pg.Client({ connectionString: env.databaseUrl })
  await db.connect()
  await db.query('alter publication supabase_realtime add table public.orders')
  try {
    await fleet.connect('old', env, await people(env, customers, 0))
    o.progress(
      `old postgres_changes: ${customers.length} customers, ${o.oldRate} changes/s for ${o.seconds} s`,
    )
    const run = await timedRun({
      env,
      fleet,
      customers,
      dashboards: 0,
      rate: o.oldRate,
      seconds: o.seconds,
      pid: o.pid,
    })
    await fleet.disconnect()
    return run
  } finally {
    await db.query('alter publication supabase_realtime drop table public.orders')
    await db.end()
  }
}

export async function benchRealtime(env: StackEnv, o: RealtimeOptions): Promise<Section[]> {
  const largest = Math.max(...o.customers, o.oldCustomers)
  o.progress(`arranging ${largest} customers with one order each`)
  const all = await makeCustomers(env, largest, 1)
  const fleet = await startFleet()
  try {
    const configs: Config[] = []
    for (const n of o.customers) configs.push(...(await crowd(env, fleet, o, all.slice(0, n))))
    const old = await oldSubscription(env, fleet, o, all.slice(0, o.oldCustomers))
    o.progress('postgres_changes RLS check: prepared plans against re-planning, per claim set')
    const cost = await rlsCheckCost(env, all.slice(0, o.oldCustomers))
    return [liveSection(configs, o), oldSection(old, configs, o), costSection(cost)]
  } finally {
    await fleet.stop()
  }
}

function liveSection(configs: Config[], o: RealtimeOptions): Section {
  const figures: Figure[] = []
  const notes: string[] = []
  for (const c of configs) {
    const at = `${c.customers} customers, ${c.rate}/s`
    figures.push(
      { name: `${at}: update → customer`, unit: 'ms', samples: c.live.toCustomer },
      { name: `${at}: update → every dashboard`, unit: 'ms', samples: c.live.toEveryDashboard },
      { name: `${at}: the admin's update transaction`, unit: 'ms', samples: c.live.commitMs },
      { name: `${at}: floor, update → customer`, unit: 'ms', samples: c.floor.toCustomer },
      { name: `${at}: floor, update → every dashboard`, unit: 'ms', samples: c.floor.toEveryDashboard },
      { name: `${at}: floor, the admin's update transaction`, unit: 'ms', samples: c.floor.commitMs },
      { name: `${at}: stack CPU`, unit: '% core', samples: [c.live.cpuPercent ?? NaN] },
      { name: `${at}: clients' process CPU`, unit: '% core', samples: [c.live.clientsCpuPercent] },
      { name: `${at}: floor, clients' process CPU`, unit: '% core', samples: [c.floor.clientsCpuPercent] },
      { name: `${at}: stack peak memory (PSS)`, unit: 'MiB', samples: [c.live.peakRssMiB ?? NaN] },
    )
    const p99 = summarize(c.live.toCustomer).p99
    const floorP99 = summarize(c.floor.toCustomer).p99
    notes.push(
      `${at}: ${c.live.sent} changes, lost ${c.live.lostCustomer} (customers) and ${c.live.lostDashboard} (dashboards); ` +
        `floor lost ${c.floor.lostCustomer}/${c.floor.lostDashboard}. Update → customer p99 ${fmt(p99)} ms = ${ratio(p99, floorP99)} the floor's ` +
        `(${fmt(floorP99)} ms); median ${ratio(summarize(c.live.toCustomer).median, summarize(c.floor.toCustomer).median)}. ` +
        `Joining took ${fmt(c.joinSeconds)} s. Machine load average ${fmt(c.live.load[0])} → ${fmt(c.live.load[1])} ` +
        `(floor run ${fmt(c.floor.load[0])} → ${fmt(c.floor.load[1])}) on ${os.cpus().length} cores.`,
    )
  }
  const big = configs.find((c) => c.customers === Math.max(...o.customers) && c.rate === Math.max(...o.rates))
  if (big) {
    const p99 = summarize(big.live.toCustomer).p99
    const vsFloor = p99 / summarize(big.floor.toCustomer).p99
    const ok = (b: boolean) => (b ? 'met' : 'NOT met')
    notes.push(
      `Targets at ${big.customers} customers and ${big.rate} changes/s: p99 ≤ ${TARGET_P99_MS} ms ${ok(p99 <= TARGET_P99_MS)} (${fmt(p99)} ms); ` +
        `≤ ${TARGET_FLOOR_RATIO}× the floor ${ok(vsFloor <= TARGET_FLOOR_RATIO)} (${fmt(vsFloor)}×); ` +
        `0 lost ${ok(big.live.lostCustomer === 0 && big.live.lostDashboard === 0)}; ` +
        `peak memory ≤ 1.5 GiB ${ok((big.live.peakRssMiB ?? Infinity) <= TARGET_MEMORY_MIB)} (${fmt(big.live.peakRssMiB ?? NaN)} MiB).`,
    )
  }
  notes.push(
    `Latencies run from the moment the admin's update is sent (its own transaction as an admin under RLS, all the app's triggers) to the moment a client has it; every dashboard = the last of the ${o.dashboards} to receive it. ` +
      'Clients join through src/lib/channels.ts, in a process apart from the stack; the stack CPU and memory cover its whole process tree (Node, PostgreSQL). ' +
      'Everything shares one machine: the clients (realtime-js for the stack, bare sockets for the floor) and the writer compete with the stack for its cores.',
  )
  return {
    title: `Live updates on the app's private channels (${o.dashboards} dashboards, ${o.seconds} s per rate)`,
    figures,
    notes,
  }
}

function oldSection(old: RunResult, configs: Config[], o: RealtimeOptions): Section {
  const live = configs.find((c) => c.customers === o.oldCustomers && c.rate === o.oldRate)
  const delivered = old.sent - old.lostCustomer
  return {
    title: `For comparison: the old unfiltered postgres_changes subscription, ${o.oldCustomers} customers at ${o.oldRate} changes/s`,
    figures: [
      { name: 'update → customer (delivered ones)', unit: 'ms', samples: old.toCustomer },
      { name: 'stack CPU', unit: '% core', samples: [old.cpuPercent ?? NaN] },
      { name: 'stack peak memory (PSS)', unit: 'MiB', samples: [old.peakRssMiB ?? NaN] },
    ],
    notes: [
      `${delivered} of ${old.sent} changes delivered within the drain window, ${old.lostCustomer} not.` +
        (live
          ? ` The same crowd and rate on private channels: median ${ratio(summarize(old.toCustomer).median, summarize(live.live.toCustomer).median)} faster there, p99 ${ratio(summarize(old.toCustomer).p99, summarize(live.live.toCustomer).p99)}.`
          : ''),
      'Every change is checked against RLS for every connected customer (one claim set each), because the subscription has no row filter.',
    ],
  }
}

function costSection(cost: Awaited<ReturnType<typeof rlsCheckCost>>): Section {
  const [p, r, l] = [cost.prepared, cost.replanned, cost.loop].map((x) => summarize(x).median) as [
    number,
    number,
    number,
  ]
  return {
    title: `postgres_changes RLS check per subscriber (${cost.claimSets} claim sets, one row)`,
    figures: [
      { name: 'row lookup prepared once per table and role (the stack)', unit: 'µs', samples: cost.prepared },
      { name: 'row lookup re-planned for each claim set (before)', unit: 'µs', samples: cost.replanned },
      { name: 'the loop alone: role and claims switched, nothing read', unit: 'µs', samples: cost.loop },
    ],
    notes: [
      `Per claim set the stack's check costs ${fmt(p)} µs against ${fmt(r)} µs re-planned (${ratio(p, r)}); ` +
        `${fmt(l)} µs of it is switching role and claims. The lookup itself (${fmt(p - l)} µs) is mostly the ` +
        `policy's helper private.my_customer_id(): a security-definer SQL function, which PostgreSQL 17 plans ` +
        `again on every call. At ${cost.claimSets} subscribers that is ${fmt((p * cost.claimSets) / 1000)} ms of ` +
        'database time for every change: why the app does not use postgres_changes without a row filter.',
    ],
  }
}
