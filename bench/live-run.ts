// One timed run of the realtime benchmark: an admin changes orders through the REST API
// at a fixed rate while a connected crowd receives; what arrived, how fast, what was lost.
import type { StackEnv } from '../tests/support/stack-env.ts'
import { type BenchCustomer, adminToken, clientWithToken } from './data.ts'
import type { Fleet } from './live-fleet.ts'
import { measureTree } from './procstat.ts'

export interface RunResult {
  sent: number
  /** Update (the row's updated_at) → the customer has it, ms. */
  toCustomer: number[]
  /** REST request sent → the customer has it, ms. */
  sendToCustomer: number[]
  /** Update → the last of the dashboards has it, ms (updates every dashboard received). */
  toEveryDashboard: number[]
  lostCustomer: number
  lostDashboard: number
  cpuPercent?: number
  peakRssMiB?: number
}

const now = () => performance.timeOrigin + performance.now()
let nextSeq = 0

/** `rate` updates per second for `seconds`, round robin over the customers' first orders. */
async function write(
  env: StackEnv,
  customers: BenchCustomer[],
  rate: number,
  seconds: number,
  sentAt: Map<number, number>,
) {
  const admin = clientWithToken(env, await adminToken(env))
  const total = Math.round(rate * seconds)
  const started = performance.now()
  const inflight: Promise<void>[] = []
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / rate - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    const c = customers[i % customers.length]!
    const seq = ++nextSeq
    const version = c.versions[0]!++
    const t = now()
    inflight.push(
      (async () => {
        const { error } = await admin
          .from('orders')
          .update({ notes: `bench ${seq}`, version })
          .eq('id', c.orderIds[0]!)
        if (!error) sentAt.set(seq, t)
      })(),
    )
  }
  await Promise.all(inflight)
}

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
  const sentAt = new Map<number, number>()
  const work = async () => {
    await write(o.env, o.customers, o.rate, o.seconds, sentAt)
    await drain(o.fleet, sentAt.size * (1 + o.dashboards), o.drainMs)
  }
  const measured = o.pid ? await measureTree(o.pid, work) : (await work(), undefined)
  return summarizeRun(o.fleet.receipts, sentAt, o.dashboards, measured)
}

function summarizeRun(
  receipts: Fleet['receipts'],
  sentAt: Map<number, number>,
  dashboards: number,
  measured?: { cpuPercent: number; peakRssMiB: number },
): RunResult {
  const customerSeen = new Set<number>()
  const toCustomer: number[] = []
  const sendToCustomer: number[] = []
  const dash = new Map<number, { count: number; last: number; updatedAt: number }>()
  let dashboardReceipts = 0
  for (const [kind, , seq, at, updatedAt] of receipts) {
    if (!sentAt.has(seq)) continue
    if (kind === 0) {
      if (customerSeen.has(seq)) continue
      customerSeen.add(seq)
      toCustomer.push(at - updatedAt)
      sendToCustomer.push(at - sentAt.get(seq)!)
    } else {
      dashboardReceipts++
      const d = dash.get(seq) ?? { count: 0, last: 0, updatedAt }
      d.count++
      d.last = Math.max(d.last, at)
      dash.set(seq, d)
    }
  }
  const toEveryDashboard = [...dash.values()]
    .filter((d) => d.count >= dashboards)
    .map((d) => d.last - d.updatedAt)
  return {
    sent: sentAt.size,
    toCustomer,
    sendToCustomer,
    toEveryDashboard,
    lostCustomer: sentAt.size - customerSeen.size,
    lostDashboard: sentAt.size * dashboards - dashboardReceipts,
    cpuPercent: measured?.cpuPercent,
    peakRssMiB: measured?.peakRssMiB,
  }
}
