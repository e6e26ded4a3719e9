// A bulk move of 50 orders, end to end: the admin's call(s) until every order has its answer,
// and until the 50th customer email is in the mail sink. One RPC that reports per order
// (public.move_orders) against 50 single-order updates sent 6 at a time, as a browser does
// over HTTP/1.1 (six connections per host). Runs alternate, each on 50 fresh orders.
import pg from 'pg'
import type { SupabaseClient } from '@supabase/supabase-js'
import type { StackEnv } from '../tests/support/stack-env.ts'
import { moveOrders } from '../src/lib/desk-queries.ts'
import { adminToken, clientWithToken, makeCustomers } from './data.ts'
import { type Section, ratio, summarize } from './stats.ts'

const BATCH = 50
const BROWSER_CONNECTIONS = 6

interface Batch {
  ids: string[]
  subjects: Set<string>
}

async function freshBatch(env: StackEnv, db: pg.Client): Promise<Batch> {
  const customers = await makeCustomers(env, BATCH, 1)
  const ids = customers.flatMap((c) => c.orderIds)
  const { rows } = await db.query<{ number: string }>('select number from orders where id = any ($1)', [ids])
  return { ids, subjects: new Set(rows.map((r) => `Order ${r.number} is now confirmed`)) }
}

async function viaRpc(admin: SupabaseClient, b: Batch) {
  const { data, error } = await moveOrders(
    admin,
    b.ids.map((id) => ({ id, version: 1 })),
    'confirmed',
  )
  const moved = (data as { outcome: string }[] | null)?.filter((r) => r.outcome === 'moved').length
  if (error || moved !== BATCH) throw error ?? new Error(`${moved} of ${BATCH} moved`)
}

async function perOrder(admin: SupabaseClient, b: Batch) {
  const queue = [...b.ids]
  const worker = async () => {
    for (let id = queue.shift(); id; id = queue.shift()) {
      const { error } = await admin
        .from('orders')
        .update({ status: 'confirmed', version: 1 })
        .eq('id', id)
        .select('id, status, version')
        .single()
      if (error) throw error
    }
  }
  await Promise.all(Array.from({ length: BROWSER_CONNECTIONS }, worker))
}

async function lastEmail(env: StackEnv, subjects: Set<string>, since: number): Promise<number> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const res = await fetch(`${env.mailUrl}/api/messages`)
    const { messages } = (await res.json()) as { messages: { subject: string; created_at: string }[] }
    const arrived = messages.filter((m) => subjects.has(m.subject)).map((m) => Date.parse(m.created_at))
    if (arrived.length >= subjects.size) return Math.max(...arrived) - since
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('not every email arrived within 60 s')
}

export async function benchBulk(
  env: StackEnv,
  o: { runs: number; progress: (s: string) => void },
): Promise<Section> {
  const admin = clientWithToken(env, await adminToken(env))
  const db = new pg.Client({ connectionString: env.databaseUrl })
  await db.connect()
  const ways = { rpc: viaRpc, perOrder }
  const call = { rpc: [] as number[], perOrder: [] as number[] }
  const inbox = { rpc: [] as number[], perOrder: [] as number[] }
  try {
    for (let run = 1; run <= o.runs; run++) {
      for (const way of ['rpc', 'perOrder'] as const) {
        o.progress(`bulk move run ${run}/${o.runs}: ${way === 'rpc' ? 'one RPC' : 'per-order calls'}`)
        const batch = await freshBatch(env, db)
        const wall = Date.now()
        const t = performance.now()
        await ways[way](admin, batch)
        call[way].push(performance.now() - t)
        inbox[way].push(await lastEmail(env, batch.subjects, wall))
      }
    }
  } finally {
    await db.end()
  }
  const med = (xs: number[]) => summarize(xs).median
  return {
    title: `Bulk move of ${BATCH} orders to confirmed, end to end (${o.runs} runs each)`,
    figures: [
      { name: 'one RPC (move_orders): every answer back', unit: 'ms', samples: call.rpc },
      {
        name: `per-order updates, ${BROWSER_CONNECTIONS} at a time: every answer back`,
        unit: 'ms',
        samples: call.perOrder,
      },
      { name: 'one RPC: until the 50th email is in the sink', unit: 'ms', samples: inbox.rpc },
      { name: 'per-order updates: until the 50th email is in the sink', unit: 'ms', samples: inbox.perOrder },
    ],
    notes: [
      `The RPC answers in ${ratio(med(call.rpc), med(call.perOrder))} the time of per-order calls at the median; ` +
        `the last email lands after ${ratio(med(inbox.rpc), med(inbox.perOrder))} of theirs. Both send one email per moved order.`,
    ],
  }
}
