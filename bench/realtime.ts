// Realtime fan-out: N customers connected through supabase-js, each subscribed to their own
// orders (RLS on); an admin updates orders through the REST API at a fixed rate; every
// update must reach its one customer. The floor: a bare LISTEN/NOTIFY → `ws` relay of the
// same updates from the same writer, in the same run.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { SupabaseClient } from '@supabase/supabase-js'
import pg from 'pg'
import WebSocket, { WebSocketServer } from 'ws'
import type { StackEnv } from '../tests/support/stack-env.ts'
import { type BenchCustomer, adminToken, clientWithToken, makeCustomers } from './data.ts'
import { measureTree } from './procstat.ts'
import { type Figure, type Section, fmt, ratio, summarize } from './stats.ts'

interface Options {
  clients: number
  rate: number
  seconds: number
  pid: number
  progress: (s: string) => void
}

/** What the customers received: latencies from the writer's send time and from commit. */
interface Tally {
  latencies: number[]
  commitLatencies: number[]
  received: number
}

const tally = (): Tally => ({ latencies: [], commitLatencies: [], received: 0 })

function received(t: Tally, note: string | null, commitIso?: string) {
  const now = Date.now()
  const sent = Number(note?.split(' ')[1])
  t.received++
  if (Number.isFinite(sent)) t.latencies.push(now - sent)
  if (commitIso) t.commitLatencies.push(now - Date.parse(commitIso))
}

/** The writer: `rate` updates per second through the REST API as an admin, round robin. */
async function write(
  env: StackEnv,
  customers: BenchCustomer[],
  o: Options,
  label: string,
  versions: Map<string, number>,
): Promise<number> {
  const token = await adminToken(env)
  const admin = clientWithToken(env, token)
  const total = Math.round(o.rate * o.seconds)
  let ok = 0
  const started = performance.now()
  const inflight: Promise<void>[] = []
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / o.rate
    const wait = due - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    const c = customers[i % customers.length]!
    const id = c.orderIds[0]!
    const version = versions.get(id) ?? 1
    versions.set(id, version + 1)
    const update = async () => {
      const { error } = await admin
        .from('orders')
        .update({ notes: `${label} ${Date.now()}`, version })
        .eq('id', id)
      if (error) throw new Error(`update failed: ${error.message}`)
      ok++
    }
    inflight.push(update())
    if (i % o.rate === 0) o.progress(`${label}: ${i}/${total} updates sent`)
  }
  await Promise.all(inflight)
  return ok
}

async function drain(t: Tally, expected: number, ms = 10_000) {
  const deadline = Date.now() + ms
  while (t.received < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
  await new Promise((r) => setTimeout(r, 500))
}

async function connectSupabase(env: StackEnv, customers: BenchCustomer[], t: Tally, o: Options) {
  const clients: SupabaseClient[] = []
  for (let i = 0; i < customers.length; i += 50) {
    await Promise.all(
      customers.slice(i, i + 50).map(async (c) => {
        const client = clientWithToken(env, c.token)
        clients.push(client)
        // Join with the customer's token, not the anon key (the callback is read lazily).
        await client.realtime.setAuth(c.token)
        await new Promise<void>((resolve, reject) => {
          client
            .channel(`bench:${c.customerId}`)
            .on(
              'postgres_changes',
              {
                event: 'UPDATE',
                schema: 'public',
                table: 'orders',
                filter: `customer_id=eq.${c.customerId}`,
              },
              (p) => {
                const row = p.new as { notes: string | null }
                received(t, row.notes, p.commit_timestamp)
              },
            )
            .subscribe((status, err) => {
              if (status === 'SUBSCRIBED') resolve()
              else if (status !== 'CLOSED') reject(err ?? new Error(status))
            })
        })
      }),
    )
    o.progress(`supabase-js: ${Math.min(i + 50, customers.length)}/${customers.length} customers subscribed`)
  }
  return clients
}

/** The floor: a trigger NOTIFYs each update; a relay forwards it to the customer's socket. */
async function startRelay(env: StackEnv) {
  const db = new pg.Client({ connectionString: env.databaseUrl })
  await db.connect()
  await db.query(`
    create or replace function public.bench_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('bench_orders', json_build_object('id', new.id, 'customer_id', new.customer_id,
        'notes', new.notes, 'at', extract(epoch from clock_timestamp()) * 1000)::text);
      return null;
    end $$;
    create trigger bench_notify after update on public.orders for each row execute function public.bench_notify();`)
  const http = createServer()
  const wss = new WebSocketServer({ server: http })
  const byCustomer = new Map<string, WebSocket>()
  wss.on('connection', (ws, req) => {
    const customer = new URL(req.url!, 'http://x').searchParams.get('customer')!
    byCustomer.set(customer, ws)
  })
  const listener = new pg.Client({ connectionString: env.databaseUrl })
  await listener.connect()
  listener.on('notification', (n) => {
    const msg = JSON.parse(n.payload!) as { customer_id: string }
    byCustomer.get(msg.customer_id)?.send(n.payload!)
  })
  await listener.query('listen bench_orders')
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()))
  const port = (http.address() as AddressInfo).port
  return {
    port,
    async stop() {
      await db.query('drop trigger bench_notify on public.orders; drop function public.bench_notify()')
      await Promise.all([db.end(), listener.end()])
      for (const ws of wss.clients) ws.terminate()
      await new Promise<void>((r) => http.close(() => r()))
    },
  }
}

async function connectRelay(port: number, customers: BenchCustomer[], t: Tally) {
  const sockets: WebSocket[] = []
  for (const c of customers) {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/?customer=${c.customerId}`)
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { notes: string; at: number }
      received(t, msg.notes, new Date(msg.at).toISOString())
    })
    await new Promise((r) => ws.once('open', r))
    sockets.push(ws)
  }
  return sockets
}

export async function benchRealtime(env: StackEnv, o: Options): Promise<Section> {
  o.progress(`arranging ${o.clients} customers with one order each`)
  const customers = await makeCustomers(env, o.clients, 1)

  const versions = new Map<string, number>()
  const stackTally = tally()
  const clients = await connectSupabase(env, customers, stackTally, o)
  const measured = await measureTree(o.pid, async () => {
    const sent = await write(env, customers, o, 'stack', versions)
    await drain(stackTally, sent)
    return sent
  })
  const sent = measured.result
  await Promise.all(clients.map((c) => c.removeAllChannels()))

  const relay = await startRelay(env)
  const floorTally = tally()
  const sockets = await connectRelay(relay.port, customers, floorTally)
  o.progress(`relay: ${sockets.length} sockets connected`)
  let floorSent = 0
  try {
    floorSent = await write(env, customers, o, 'relay', versions)
    await drain(floorTally, floorSent)
  } finally {
    for (const s of sockets) s.close()
    await relay.stop()
  }

  const lost = sent - stackTally.received
  const floorLost = floorSent - floorTally.received
  const figures: Figure[] = [
    { name: 'Realtime: update sent → customer receives', unit: 'ms', samples: stackTally.latencies },
    { name: 'Realtime: commit → customer receives', unit: 'ms', samples: stackTally.commitLatencies },
    {
      name: 'floor (LISTEN/NOTIFY → ws): update sent → customer receives',
      unit: 'ms',
      samples: floorTally.latencies,
    },
    { name: 'floor: notify → customer receives', unit: 'ms', samples: floorTally.commitLatencies },
    { name: 'stack CPU while writing (all processes)', unit: '% of a core', samples: [measured.cpuPercent] },
    { name: 'stack peak memory (all processes)', unit: 'MiB', samples: [measured.peakRssMiB] },
  ]
  const m = (xs: number[]) => summarize(xs)
  return {
    title: `Realtime fan-out: ${o.clients} customers on supabase-js, ${o.rate} updates/s for ${o.seconds} s through REST`,
    figures,
    notes: [
      `Events: ${sent} updates, ${stackTally.received} delivered, ${lost} lost (floor: ${floorSent} sent, ${floorLost} lost).`,
      `Update-to-screen latency vs the floor: median ${ratio(m(stackTally.latencies).median, m(floorTally.latencies).median)}, ` +
        `p95 ${ratio(m(stackTally.latencies).p95, m(floorTally.latencies).p95)}, p99 ${ratio(m(stackTally.latencies).p99, m(floorTally.latencies).p99)} ` +
        `(${fmt(m(stackTally.latencies).median)} ms vs ${fmt(m(floorTally.latencies).median)} ms median).`,
      'Each update passes RLS for its subscriber (a batched visibility query), as on Supabase.',
    ],
  }
}
