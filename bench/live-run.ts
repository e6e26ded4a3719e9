// One timed run of the realtime benchmark: an admin changes orders at a fixed rate while a
// connected crowd receives; what arrived, how fast, what was lost.
import type { StackEnv } from '../tests/support/stack-env.ts'
import os from 'node:os'
import pg, { escapeLiteral } from 'pg'
import { type BenchCustomer, adminToken } from './data.ts'
import type { Fleet } from './live-fleet.ts'
import { measureTree } from './procstat.ts'

export interface RunResult {
  sent: number
  /** The admin's update sent → the customer has it, ms. */
  toCustomer: number[]
  /** The update's transaction, begin to commit, ms. */
  commitMs: number[]
  /** Update sent → the last of the dashboards has it, ms (updates every dashboard received). */
  toEveryDashboard: number[]
  lostCustomer: number
  lostDashboard: number
  cpuPercent?: number
  peakRssMiB?: number
  /** The machine's 1-minute load average when the run started and ended (other work shows). */
  load: [number, number]
  /** CPU of the clients' process: on this one machine it competes with the stack. */
  clientsCpuPercent: number
}

const now = () => performance.timeOrigin + performance.now()
let nextSeq = 0

/**
 * The admin's changes: `rate` updates per second for `seconds`, round robin over the
 * customers' first orders, each in its own transaction as an admin under RLS (the role and
 * claims REST would set), on a few connections of its own so the REST server's queue is
 * not what gets measured (the REST benchmark does that).
 */
async function write(
  env: StackEnv,
  customers: BenchCustomer[],
  rate: number,
  seconds: number,
  sentAt: Map<number, number>,
  commitMs: number[],
) {
  const claims = JSON.stringify(decodeClaims(await adminToken(env)))
  const pool = new pg.Pool({ connectionString: env.databaseUrl, max: 8 })
  const total = Math.round(rate * seconds)
  const started = performance.now()
  const inflight: Promise<void>[] = []
  try {
    for (let i = 0; i < total; i++) {
      const wait = started + (i * 1000) / rate - performance.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      const seq = ++nextSeq
      const order = customers[i % customers.length]!.orderIds[0]!
      const t = now()
      inflight.push(
        pool
          .query(
            `begin; select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${escapeLiteral(claims)}, true);
             update public.orders set notes = ${escapeLiteral(`bench ${seq}`)} where id = ${escapeLiteral(order)}; commit;`,
          )
          .then(() => {
            sentAt.set(seq, t)
            commitMs.push(now() - t)
          }),
      )
    }
    await Promise.all(inflight)
  } finally {
    await pool.end()
  }
}

const decodeClaims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as object

async function drain(fleet: Fleet, expected: number, ms = 15_000) {
  const deadline = Date.now() + ms
  while (fleet.receipts.length < expected && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100))
  await new Promise((r) => setTimeout(r, 500))
}

export async function timedRun(o: {
  env: StackEnv
  fleet: Fleet
  customers: BenchCustomer[]
  dashboards: number
  rate: number
  seconds: number
  /** Measure the stack process tree (CPU, memory) while writing. */
  pid?: number
  drainMs?: number
}): Promise<RunResult> {
  o.fleet.clear()
  const loadBefore = os.loadavg()[0]!
  const sentAt = new Map<number, number>()
  const commitMs: number[] = []
  const work = async () => {
    await write(o.env, o.customers, o.rate, o.seconds, sentAt, commitMs)
    await drain(o.fleet, sentAt.size * (1 + o.dashboards), o.drainMs)
  }
  const clients = await measureTree(o.fleet.pid, async () =>
    o.pid ? await measureTree(o.pid, work) : (await work(), undefined),
  )
  const load: [number, number] = [loadBefore, os.loadavg()[0]!]
  return {
    ...summarizeRun(o.fleet.receipts, sentAt, o.dashboards, clients.result),
    commitMs,
    load,
    clientsCpuPercent: clients.cpuPercent,
  }
}

function summarizeRun(
  receipts: Fleet['receipts'],
  sentAt: Map<number, number>,
  dashboards: number,
  measured?: { cpuPercent: number; peakRssMiB: number },
): Omit<RunResult, 'commitMs' | 'load' | 'clientsCpuPercent'> {
  const customerSeen = new Set<number>()
  const toCustomer: number[] = []
  const dash = new Map<number, { count: number; last: number }>()
  let dashboardReceipts = 0
  for (const [kind, , seq, at] of receipts) {
    if (!sentAt.has(seq)) continue
    if (kind === 0) {
      if (customerSeen.has(seq)) continue
      customerSeen.add(seq)
      toCustomer.push(at - sentAt.get(seq)!)
    } else {
      dashboardReceipts++
      const d = dash.get(seq) ?? { count: 0, last: 0 }
      d.count++
      d.last = Math.max(d.last, at)
      dash.set(seq, d)
    }
  }
  const toEveryDashboard = [...dash.entries()]
    .filter(([, d]) => d.count >= dashboards)
    .map(([seq, d]) => d.last - sentAt.get(seq)!)
  return {
    sent: sentAt.size,
    toCustomer,
    toEveryDashboard,
    lostCustomer: sentAt.size - customerSeen.size,
    lostDashboard: sentAt.size * dashboards - dashboardReceipts,
    cpuPercent: measured?.cpuPercent,
    peakRssMiB: measured?.peakRssMiB,
  }
}
