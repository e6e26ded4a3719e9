// The people of the realtime benchmark, in a process of their own (the stack keeps its file
// descriptors): customers and admin dashboards on the app's own channels
// (src/lib/channels.ts), on the old unfiltered postgres_changes subscription, or on the
// NOTIFY floor's relay. Every change received goes back to the parent as a receipt.
import { RealtimeClient, type RealtimeChannel } from '@supabase/supabase-js'
import WebSocket from 'ws'
import { customerChannel, deskChannel, type LiveChange } from '../src/lib/channels.ts'

export type Mode = 'live' | 'old' | 'floor'
export interface Person {
  kind: 'customer' | 'dashboard'
  token: string
  customerId?: string
}
export type FromParent =
  | { op: 'connect'; mode: Mode; apiUrl: string; anonKey: string; relayUrl?: string; people: Person[] }
  | { op: 'disconnect' }
/** kind (0 customer, 1 dashboard), person index, update seq, received at (epoch ms). */
export type Receipt = [number, number, number, number]
export type ToParent =
  | { op: 'connected'; count: number }
  | { op: 'receipts'; rows: Receipt[] }
  | { op: 'disconnected' }
  | { op: 'error'; message: string }

const BATCH = 50
const now = () => performance.timeOrigin + performance.now()
const send = (m: ToParent) => process.send!(m)
const pending: Receipt[] = []
const closers: Array<() => Promise<unknown>> = []

setInterval(() => {
  if (pending.length) send({ op: 'receipts', rows: pending.splice(0) })
}, 100).unref()

/** A change to an order carries `notes = "bench <seq>"`. */
function receipt(kind: number, index: number, row: { notes?: unknown } | null) {
  const seq = Number(String(row?.notes ?? '').split(' ')[1])
  if (Number.isFinite(seq)) pending.push([kind, index, seq, now()])
}

function joined(channel: RealtimeChannel): Promise<void> {
  return new Promise((resolve, reject) =>
    channel.subscribe((status, err) => {
      if (status === 'SUBSCRIBED') resolve()
      else if (status !== 'CLOSED') reject(err ?? new Error(`${channel.topic}: ${status}`))
    }),
  )
}

async function connectRealtime(m: Extract<FromParent, { op: 'connect' }>, p: Person, index: number) {
  const kind = p.kind === 'customer' ? 0 : 1
  const realtime = new RealtimeClient(`${m.apiUrl.replace(/^http/, 'ws')}/realtime/v1`, {
    params: { apikey: m.anonKey },
    transport: WebSocket as never,
  })
  await realtime.setAuth(p.token)
  let channel: RealtimeChannel
  const onOrder = (c: LiveChange) => c.operation === 'UPDATE' && receipt(kind, index, c.record)
  if (m.mode === 'old')
    channel = realtime
      .channel(`tracker:${index}`)
      .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'orders' }, (c) =>
        receipt(kind, index, c.new as never),
      )
  else if (p.kind === 'customer') channel = customerChannel(realtime, p.customerId!, { orders: onOrder })
  else channel = deskChannel(realtime, { orders: onOrder })
  await joined(channel)
  closers.push(async () => {
    await realtime.removeAllChannels()
    realtime.disconnect()
  })
}

async function connectFloor(relayUrl: string, p: Person, index: number) {
  const kind = p.kind === 'customer' ? 0 : 1
  const ws = new WebSocket(
    `${relayUrl}/?${p.kind === 'customer' ? `customer=${p.customerId}` : 'dashboard=1'}`,
  )
  ws.on('message', (data) => {
    receipt(kind, index, JSON.parse(String(data)) as { notes: string })
  })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  closers.push(async () => ws.close())
}

async function connectAll(m: Extract<FromParent, { op: 'connect' }>) {
  for (let i = 0; i < m.people.length; i += BATCH) {
    await Promise.all(
      m.people
        .slice(i, i + BATCH)
        .map((p, j) =>
          m.mode === 'floor' ? connectFloor(m.relayUrl!, p, i + j) : connectRealtime(m, p, i + j),
        ),
    )
  }
  send({ op: 'connected', count: m.people.length })
}

process.on('message', (m: FromParent) => {
  const work =
    m.op === 'connect'
      ? connectAll(m)
      : (async () => {
          const all = closers.splice(0)
          for (let i = 0; i < all.length; i += 500) await Promise.all(all.slice(i, i + 500).map((c) => c()))
          if (pending.length) send({ op: 'receipts', rows: pending.splice(0) })
          send({ op: 'disconnected' })
        })()
  work.catch((err: unknown) => send({ op: 'error', message: (err as Error).message }))
})
process.on('disconnect', () => process.exit(0))
