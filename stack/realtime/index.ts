// Supabase Realtime under /realtime/v1: the Phoenix WebSocket, postgres_changes from logical
// replication checked against RLS, broadcast (also over HTTP) and presence.
import { WebSocketServer } from 'ws'
import type { Service, StackContext } from '../shared/service.ts'
import { readBody, sendJson, firstHeader } from '../shared/http.ts'
import { bearerToken } from '../shared/jwt.ts'
import { createRegistry } from './members.ts'
import { createConnection } from './socket.ts'
import { createAuthorizer } from './authorizer.ts'
import { createDispatcher } from './dispatch.ts'
import { createReplicationReader } from './replication.ts'
import type { Vsn } from './protocol.ts'

export const SLOT = 'stack_realtime'

export function createRealtimeService(ctx: StackContext): Service {
  const log = ctx.log.child('realtime')
  const registry = createRegistry()
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 })
  const dispatcher = createDispatcher({
    registry,
    authorizer: createAuthorizer(ctx.adminPool),
    pool: ctx.adminPool,
    log,
  })
  const reader = createReplicationReader({
    databaseUrl: ctx.adminDatabaseUrl,
    slot: SLOT,
    publication: 'supabase_realtime',
    log,
    onTransaction: (tx) => dispatcher.dispatch(tx),
  })
  const sweepers = new Set<{ sweep(now: number): void }>()
  let sweepTimer: NodeJS.Timeout | undefined

  async function httpBroadcast(
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
  ) {
    try {
      await ctx.verifier.verify(bearerToken(firstHeader(req, 'authorization')) ?? firstHeader(req, 'apikey'))
    } catch (err) {
      return sendJson(res, 401, { message: (err as Error).message })
    }
    let body: { messages?: Array<{ topic?: string; event?: string; payload?: unknown }> }
    try {
      body = JSON.parse((await readBody(req)).toString('utf8')) as typeof body
    } catch {
      return sendJson(res, 400, { message: 'expected JSON { messages: [{ topic, event, payload }] }' })
    }
    if (
      !Array.isArray(body?.messages) ||
      body.messages.some((m) => typeof m?.topic !== 'string' || typeof m?.event !== 'string')
    ) {
      return sendJson(res, 400, { message: 'expected JSON { messages: [{ topic, event, payload }] }' })
    }
    for (const msg of body.messages) {
      const topic = `realtime:${msg.topic}`
      for (const m of registry.membersOf(topic)) {
        m.conn.send(
          topic,
          'broadcast',
          { type: 'broadcast', event: msg.event, payload: msg.payload ?? {} },
          null,
          m.joinRef,
        )
      }
    }
    sendJson(res, 202, {})
  }

  return {
    name: 'realtime',
    prefix: '/realtime/v1',
    async start() {
      await reader.start()
      sweepTimer = setInterval(() => {
        const now = Date.now() / 1000
        for (const s of sweepers) s.sweep(now)
      }, 1000)
      sweepTimer.unref()
    },
    async stop() {
      clearInterval(sweepTimer)
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      await reader.stop()
    },
    async handle(req, res, path) {
      if (path === '/api/broadcast' && req.method === 'POST') return httpBroadcast(req, res)
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
        const conn = createConnection({ ws, vsn, apiKey, verifier: ctx.verifier, registry, log })
        sweepers.add(conn)
        ws.on('close', () => sweepers.delete(conn))
      })
    },
  }
}
