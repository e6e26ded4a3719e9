// Supabase Realtime under /realtime/v1: the Phoenix WebSocket; postgres_changes and
// Broadcast from Database from logical replication; private channels behind RLS on
// realtime.messages; broadcast (also over HTTP) and presence.
import { WebSocketServer } from 'ws'
import type { Service, StackContext } from '../shared/service.ts'
import { firstHeader, sendJson } from '../shared/http.ts'
import { createRegistry } from './members.ts'
import { createConnection } from './socket.ts'
import { createChannelAuth } from './channel-auth.ts'
import { createRlsCheck } from './rls-check.ts'
import { createDispatcher } from './dispatch.ts'
import { createReplicationReader } from './replication.ts'
import { createHttpBroadcast, MAX_PAYLOAD_BYTES } from './http-broadcast.ts'
import type { Vsn } from './protocol.ts'

export const SLOT = 'stack_realtime'
export const PUBLICATIONS = ['supabase_realtime', 'supabase_realtime_messages_publication']
/** A frame may carry a full-size broadcast payload plus the envelope and a large token. */
export const MAX_FRAME_BYTES = MAX_PAYLOAD_BYTES + 64 * 1024
const PARTITION_CHECK_MS = 60 * 60 * 1000

export function createRealtimeService(ctx: StackContext): Service {
  const log = ctx.log.child('realtime')
  const registry = createRegistry()
  const channelAuth = createChannelAuth(ctx.adminPool)
  const rls = createRlsCheck({ databaseUrl: ctx.adminDatabaseUrl, log })
  // Hosted Supabase's "Allow public access" off: only private channels may be joined.
  const privateOnly = process.env.STACK_REALTIME_PRIVATE_ONLY === 'true'
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })
  const dispatcher = createDispatcher({ registry, rls, pool: ctx.adminPool, log })
  const reader = createReplicationReader({
    databaseUrl: ctx.adminDatabaseUrl,
    slot: SLOT,
    publications: PUBLICATIONS,
    log,
    onTransaction: (tx) => dispatcher.dispatch(tx),
    onRelation: (oid) => dispatcher.forgetRelation(oid),
  })
  const http = createHttpBroadcast({ verifier: ctx.verifier, registry, channelAuth })
  const sweepers = new Set<{ sweep(now: number): void }>()
  const timers: NodeJS.Timeout[] = []

  const ensurePartitions = () =>
    ctx.adminPool
      .query('select _realtime.ensure_message_partitions()')
      .catch((err: unknown) => log.warn('keeping realtime.messages partitions failed', err))

  return {
    name: 'realtime',
    prefix: '/realtime/v1',
    async start() {
      await ensurePartitions()
      await reader.start()
      timers.push(
        setInterval(() => {
          const now = Date.now() / 1000
          for (const s of sweepers) s.sweep(now)
        }, 1000),
        setInterval(() => void ensurePartitions(), PARTITION_CHECK_MS),
      )
      for (const t of timers) t.unref()
    },
    async stop() {
      for (const t of timers) clearInterval(t)
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      await reader.stop()
      await rls.stop()
    },
    async handle(req, res, path) {
      if (await http.handle(req, res, path)) return
      if (path === '/api/health' || path === '/health') return sendJson(res, 200, { status: 'ok' })
      sendJson(res, 404, { message: 'Not found' })
    },
    upgrade(req, socket, head, path) {
      if (path !== '/websocket' && path !== '/websocket/') {
        socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n')
        return
      }
      const url = new URL(req.url ?? '/', 'http://realtime.local')
      const vsn: Vsn = url.searchParams.get('vsn') === '2.0.0' ? '2.0.0' : '1.0.0'
      const apiKey = url.searchParams.get('apikey') ?? firstHeader(req, 'apikey') ?? ''
      wss.handleUpgrade(req, socket, head, (ws) => {
        const conn = createConnection({
          ws,
          vsn,
          apiKey,
          verifier: ctx.verifier,
          registry,
          channelAuth,
          privateOnly,
          log,
        })
        sweepers.add(conn)
        ws.on('close', () => sweepers.delete(conn))
      })
    },
  }
}
