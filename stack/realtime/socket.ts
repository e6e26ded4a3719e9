// One client socket: Phoenix heartbeats, joins with postgres_changes bindings, leaves,
// access_token updates, broadcast and presence pushes.
import type { WebSocket } from 'ws'
import type { TokenVerifier, VerifiedToken } from '../shared/jwt.ts'
import type { Logger } from '../shared/log.ts'
import { decode, encode, type Frame, type Vsn } from './protocol.ts'
import { BindingError, parseRowFilter, type Binding } from './filters.ts'
import type { Connection, Member, Registry } from './members.ts'

/** The join/refresh `access_token` if it is a user's token; supabase-js sends its API key there when signed out. */
const userToken = (t: unknown): string | undefined =>
  typeof t === 'string' && !t.startsWith('sb_') ? t : undefined

const MAX_BUFFERED = 16 * 1024 * 1024
const EVENTS = new Set(['*', 'INSERT', 'UPDATE', 'DELETE'])
let nextConnection = 0
let nextBinding = 0

interface JoinConfig {
  broadcast?: { self?: boolean; ack?: boolean }
  presence?: { key?: string; enabled?: boolean }
  postgres_changes?: Array<{ event?: string; schema?: string; table?: string; filter?: string }>
  private?: boolean
}

export function createConnection(o: {
  ws: WebSocket
  vsn: Vsn
  apiKey: string
  verifier: TokenVerifier
  registry: Registry
  log: Logger
}) {
  const members = new Map<string, Member>()
  const conn: Connection = {
    id: ++nextConnection,
    send(topic, event, payload, ref = null, joinRef = null) {
      if (o.ws.readyState !== o.ws.OPEN) return
      if (o.ws.bufferedAmount > MAX_BUFFERED) {
        o.log.warn(`closing a socket that stopped reading (${o.ws.bufferedAmount} bytes queued)`)
        o.ws.terminate()
        return
      }
      o.ws.send(encode(o.vsn, { topic, event, payload, ref, joinRef }))
    },
  }
  const reply = (f: Frame, status: 'ok' | 'error', response: Record<string, unknown> = {}) =>
    conn.send(f.topic, 'phx_reply', { status, response }, f.ref, f.joinRef)

  function claimsOf(t: VerifiedToken) {
    return {
      role: t.role,
      claims: t.claims as Record<string, unknown>,
      exp: typeof t.claims.exp === 'number' ? t.claims.exp : undefined,
    }
  }

  function bindingsFrom(config: JoinConfig): Binding[] {
    return (config.postgres_changes ?? []).map((pc) => {
      const event = (pc.event ?? '*').toUpperCase()
      if (!EVENTS.has(event))
        throw new BindingError(`Invalid event "${pc.event}": expected *, INSERT, UPDATE or DELETE`)
      if (!pc.schema) throw new BindingError('A postgres_changes binding needs a schema')
      return {
        id: ++nextBinding,
        event: event as Binding['event'],
        schema: pc.schema,
        table: pc.table ?? '*',
        filterText: pc.filter,
        filter: pc.filter ? parseRowFilter(pc.filter) : undefined,
      }
    })
  }

  async function join(f: Frame): Promise<void> {
    const config = (f.payload.config ?? {}) as JoinConfig
    if (config.private)
      return reply(f, 'error', {
        reason: 'Private channels (Realtime Authorization) are not available in the local stack',
      })
    let token: VerifiedToken
    try {
      token = await o.verifier.verify(userToken(f.payload.access_token) ?? o.apiKey)
    } catch (err) {
      return reply(f, 'error', { reason: (err as Error).message })
    }
    let bindings: Binding[]
    try {
      bindings = bindingsFrom(config)
    } catch (err) {
      return reply(f, 'error', { reason: (err as Error).message })
    }
    const previous = members.get(f.topic)
    if (previous) o.registry.remove(previous)
    const m: Member = {
      conn,
      topic: f.topic,
      joinRef: f.joinRef ?? f.ref,
      ...claimsOf(token),
      broadcastSelf: !!config.broadcast?.self,
      broadcastAck: !!config.broadcast?.ack,
      presenceKey: config.presence?.key || crypto.randomUUID(),
      bindings,
    }
    members.set(f.topic, m)
    o.registry.add(m)
    const echoed = (config.postgres_changes ?? []).map((pc, i) => ({ ...pc, id: bindings[i]!.id }))
    reply(f, 'ok', { postgres_changes: echoed })
    if (bindings.length) {
      conn.send(
        f.topic,
        'system',
        {
          message: 'Subscribed to PostgreSQL',
          status: 'ok',
          extension: 'postgres_changes',
          channel: f.topic.replace(/^realtime:/, ''),
        },
        null,
        m.joinRef,
      )
    }
    if (config.presence?.enabled)
      conn.send(f.topic, 'presence_state', o.registry.presenceState(f.topic), null, m.joinRef)
  }

  async function accessToken(f: Frame, m: Member): Promise<void> {
    // A publishable/secret key is not a user token: Supabase Realtime ignores it here.
    if (!userToken(f.payload.access_token)) return
    try {
      Object.assign(m, claimsOf(await o.verifier.verify(f.payload.access_token as string)))
    } catch (err) {
      expire(m, (err as Error).message)
    }
  }

  function leave(m: Member) {
    o.registry.remove(m)
    members.delete(m.topic)
  }

  /** Ends a channel whose token is no longer valid, as Supabase Realtime does. */
  function expire(m: Member, why: string) {
    conn.send(
      m.topic,
      'system',
      { message: why, status: 'error', extension: 'system', channel: m.topic.replace(/^realtime:/, '') },
      null,
      m.joinRef,
    )
    conn.send(m.topic, 'phx_close', {}, m.joinRef, m.joinRef)
    leave(m)
  }

  function broadcast(f: Frame, m: Member) {
    const out = { type: 'broadcast', event: f.payload.event, payload: f.payload.payload }
    for (const other of o.registry.membersOf(f.topic)) {
      if (other !== m || m.broadcastSelf) other.conn.send(f.topic, 'broadcast', out, null, other.joinRef)
    }
    if (m.broadcastAck && f.ref) reply(f, 'ok')
  }

  function presence(f: Frame, m: Member) {
    if (f.payload.event === 'track') o.registry.track(m, (f.payload.payload as Record<string, unknown>) ?? {})
    else if (f.payload.event === 'untrack') o.registry.untrack(m)
    if (f.ref) reply(f, 'ok')
  }

  async function handle(f: Frame): Promise<void> {
    if (f.topic === 'phoenix' && f.event === 'heartbeat') return reply(f, 'ok')
    if (f.event === 'phx_join') return join(f)
    const m = members.get(f.topic)
    if (!m) return reply(f, 'error', { reason: 'unmatched topic' })
    switch (f.event) {
      case 'phx_leave':
        leave(m)
        reply(f, 'ok')
        return conn.send(f.topic, 'phx_close', {}, f.ref, f.joinRef)
      case 'access_token':
        return accessToken(f, m)
      case 'broadcast':
        return broadcast(f, m)
      case 'presence':
        return presence(f, m)
      default:
        return reply(f, 'error', { reason: `unknown event ${f.event}` })
    }
  }

  o.ws.on('message', (data: Buffer, isBinary: boolean) => {
    const f = decode(o.vsn, data, isBinary)
    if (!f) return o.log.debug('ignored a frame that is not a Phoenix message')
    handle(f).catch((err: unknown) => o.log.error(`realtime ${f.event} on ${f.topic} failed`, err))
  })
  o.ws.on('close', () => {
    for (const m of members.values()) o.registry.remove(m)
    members.clear()
  })

  return {
    /** Ends channels whose token has expired. */
    sweep(nowSeconds: number) {
      for (const m of members.values()) {
        if (m.exp !== undefined && m.exp <= nowSeconds)
          expire(m, `Token has expired ${Math.floor(nowSeconds - m.exp)} seconds ago`)
      }
    },
  }
}
