// The floor of the realtime benchmark: the least a live update can cost. A trigger NOTIFYs
// each order update; a bare relay forwards it to that customer's socket and to every
// dashboard's. No authorization, no replication, no protocol: the same writer, same run.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import pg from 'pg'
import WebSocket, { WebSocketServer } from 'ws'

export async function startRelay(databaseUrl: string) {
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  await db.query(`
    create or replace function public.bench_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('bench_orders', json_build_object('customer_id', new.customer_id, 'notes', new.notes)::text);
      return null;
    end $$;
    create trigger bench_notify after update on public.orders for each row execute function public.bench_notify();`)
  const http = createServer()
  const wss = new WebSocketServer({ server: http })
  const customers = new Map<string, WebSocket>()
  const dashboards = new Set<WebSocket>()
  wss.on('connection', (ws, req) => {
    const q = new URL(req.url!, 'http://relay').searchParams
    const customer = q.get('customer')
    if (customer) customers.set(customer, ws)
    else dashboards.add(ws)
    ws.on('close', () => (customer ? customers.delete(customer) : dashboards.delete(ws)))
  })
  const listener = new pg.Client({ connectionString: databaseUrl })
  await listener.connect()
  listener.on('notification', (n) => {
    const msg = JSON.parse(n.payload!) as { customer_id: string }
    customers.get(msg.customer_id)?.send(n.payload!)
    for (const d of dashboards) d.send(n.payload!)
  })
  await listener.query('listen bench_orders')
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()))
  return {
    url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}`,
    async stop() {
      await db.query('drop trigger bench_notify on public.orders; drop function public.bench_notify()')
      await Promise.all([db.end(), listener.end()])
      for (const ws of wss.clients) ws.terminate()
      await new Promise<void>((r) => http.close(() => r()))
    },
  }
}
