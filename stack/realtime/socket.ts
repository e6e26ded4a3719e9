// One client socket: Phoenix heartbeats, joins (public, or private behind RLS on
// realtime.messages), leaves, access_token updates, broadcast and presence pushes.
// Frames of one channel are handled in order, as a Phoenix channel process would.
import type { WebSocket } from 'ws'
import type { TokenVerifier, VerifiedToken } from '../shared/jwt.ts'
import type { Logger } from '../shared/log.ts'
import { decode, encode, type Frame, type Vsn } from './protocol.ts'
import type { Binding } from './filters.ts'
import { bindingsFrom, channelName, joinRefusal, type JoinConfig } from './join.ts'
import { mayJoin, readRefusal, readRevoked, readRevokedBy, type ChannelAuth } from './channel-auth.ts'
import { canReadPresence, type Connection, type Member, type Registry } from './members.ts'

/** The join/refresh `access_token` if it is a user's token; supabase-js sends its API key there when signed out. */
const userToken = (t: unknown): string | undefined =>
  typeof t === 'string' && !t.startsWith('sb_') ? t : undefined

/** A socket that stops reading is closed before its queue outgrows this. */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024
/** Largest presence payload a client may track, as Supabase's default payload limit. */
export const MAX_TRACK_BYTES = 256 * 1024
let nextConnection = 0

export interface ConnectionOptions {
  ws: WebSocket
  vsn: Vsn
  apiKey: string
  verifier: TokenVerifier
  registry: Registry
  channelAuth: ChannelAuth
  /** Hosted Supabase's "Allow public access" switched off. */
  privateOnly: boolean
  log: Logger
}

/** The rights a verified token gives a channel member. */
const rights = (t: VerifiedToken, token: string) => ({
  role: t.role,
  claims: t.claims as Record<string, unknown>,
  token,
  exp: typeof t.claims.exp === 'number' ? t.claims.exp : undefined,
})
/** What realtime.authorize needs to know about a member. */
const access = (m: Member) => ({
  role: m.role,
  topic: channelName(m.topic),
  claims: m.claims as VerifiedToken['claims'],
})

export function createConnection(o: ConnectionOptions) {
  const members = new Map<string, Member>()
  const queues = new Map<string, Promise<void>>()
  const conn: Connection = {
    id: ++nextConnection,
    send(topic, event, payload, ref = null, joinRef = null) {
      if (o.ws.readyState !== o.ws.OPEN) return
      if (o.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        o.log.warn(`closing a socket that stopped reading (${o.ws.bufferedAmount} bytes queued)`)
        o.ws.terminate()
        return
      }
      o.ws.send(encode(o.vsn, { topic, event, payload, ref, joinRef }))
    },
  }
  const reply = (f: Frame, status: 'ok' | 'error', response: Record<string, unknown> = {}) =>
    conn.send(f.topic, 'phx_reply', { status, response }, f.ref, f.joinRef)
  async function join(f: Frame): Promise<void> {
    const config = (f.payload.config ?? {}) as JoinConfig
    const refused = joinRefusal(f.topic, config, {
      privateOnly: o.privateOnly,
      joined: members.size - (members.has(f.topic) ? 1 : 0),
    })
    if (refused) return reply(f, 'error', { reason: refused })
    const token = userToken(f.payload.access_token) ?? o.apiKey
    let verified: VerifiedToken
    let bindings: Binding[]
    try {
      verified = await o.verifier.verify(token)
      bindings = bindingsFrom(config)
    } catch (err) {
      return reply(f, 'error', { reason: (err as Error).message })
    }
    const m: Member = {
      conn,
      topic: f.topic,
      joinRef: f.joinRef ?? f.ref,
      ...rights(verified, token),
      private: config.private === true,
      broadcastSelf: !!config.broadcast?.self,
      broadcastAck: !!config.broadcast?.ack,
      presenceKey: config.presence?.key || crypto.randomUUID(),
      bindings,
    }
    if (m.private) {
      try {
        m.policies = await o.channelAuth.readPolicies(access(m))
      } catch (err) {
        o.log.warn(`authorizing ${f.topic} failed`, err)
      }
      if (!m.policies || !mayJoin(m.policies))
        return reply(f, 'error', { reason: readRefusal(channelName(f.topic)) })
    }
    if (o.ws.readyState !== o.ws.OPEN) return // closed while the policies were asked
    const previous = members.get(f.topic)
    if (previous) o.registry.remove(previous)
    members.set(f.topic, m)
    o.registry.add(m)
    const echoed = (config.postgres_changes ?? []).map((pc, i) => ({ ...pc, id: bindings[i]!.id }))
    reply(f, 'ok', { postgres_changes: echoed })
    if (bindings.length) system(m, 'ok', 'Subscribed to PostgreSQL', 'postgres_changes')
    if (config.presence?.enabled && canReadPresence(m))
      conn.send(f.topic, 'presence_state', o.registry.presenceState(m), null, m.joinRef)
  }

  function system(m: Member, status: 'ok' | 'error', message: string, extension = 'system') {
    const channel = channelName(m.topic)
    conn.send(m.topic, 'system', { message, status, extension, channel }, null, m.joinRef)
  }

  async function accessToken(f: Frame, m: Member): Promise<void> {
    // A publishable/secret key is not a user token: Supabase Realtime ignores it here.
    const token = userToken(f.payload.access_token)
    if (!token || token === m.token) return
    let verified: VerifiedToken
    try {
      verified = await o.verifier.verify(token)
    } catch (err) {
      return expire(m, (err as Error).message)
    }
    const next = { ...m, ...rights(verified, token) }
    if (m.private) {
      try {
        next.policies = await o.channelAuth.readPolicies(access(next))
      } catch (err) {
        o.log.warn(`re-authorizing ${m.topic} failed`, err)
        return expire(m, 'Realtime was unable to connect to the project database')
      }
      if (readRevokedBy(m.policies!, next.policies) || !mayJoin(next.policies))
        return expire(m, readRevoked(channelName(m.topic)))
    }
    if (members.get(m.topic) === m) Object.assign(m, next)
  }

  function leave(m: Member) {
    o.registry.remove(m)
    members.delete(m.topic)
  }

  /** Ends a channel whose token no longer gives it the right to be there. */
  function expire(m: Member, why: string) {
    system(m, 'error', why)
    conn.send(m.topic, 'phx_close', {}, m.joinRef, m.joinRef)
    leave(m)
  }

  /** On a private channel a client may send or track only where RLS lets it insert. */
  async function mayWrite(m: Member, ext: 'broadcast' | 'presence'): Promise<boolean> {
    if (!m.private) return true
    const known = m.policies![ext].write
    if (known !== undefined) return known
    let ok = false
    try {
      ok = await o.channelAuth.mayWrite(access(m), ext)
    } catch (err) {
      o.log.warn(`authorizing a ${ext} on ${m.topic} failed`, err)
      return false
    }
    m.policies![ext].write = ok
    return ok
  }

  async function broadcast(f: Frame, m: Member) {
    if (!(await mayWrite(m, 'broadcast'))) return
    const out = { type: 'broadcast', event: f.payload.event, payload: f.payload.payload }
    o.registry.broadcast(f.topic, m.private, out, m.broadcastSelf ? undefined : m)
    if (m.broadcastAck && f.ref) reply(f, 'ok')
  }

  async function presence(f: Frame, m: Member) {
    if (f.payload.event === 'untrack') o.registry.untrack(m)
    else if (f.payload.event === 'track') {
      const meta = f.payload.payload ?? {}
      if (typeof meta !== 'object' || Array.isArray(meta))
        return reply(f, 'error', { reason: 'Presence track payload must be a map' })
      if (JSON.stringify(meta).length > MAX_TRACK_BYTES) return expire(m, 'Track message size exceeded')
      if (!(await mayWrite(m, 'presence'))) return f.ref ? reply(f, 'error') : undefined
      o.registry.track(m, meta as Record<string, unknown>)
    }
    if (f.ref) reply(f, 'ok')
  }

  async function handle(f: Frame): Promise<void> {
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

  /** Frames of a topic run one after another; other topics are not held up. */
  function enqueue(f: Frame) {
    const run = () =>
      handle(f).catch((err: unknown) => o.log.error(`realtime ${f.event} on ${f.topic} failed`, err))
    const next = (queues.get(f.topic) ?? Promise.resolve()).then(run)
    queues.set(f.topic, next)
    void next.then(() => {
      if (queues.get(f.topic) === next) queues.delete(f.topic)
    })
  }

  o.ws.on('message', (data: Buffer, isBinary: boolean) => {
    const f = decode(o.vsn, data, isBinary)
    if (!f) return o.log.debug('ignored a frame that is not a Phoenix message')
    if (f.topic === 'phoenix' && f.event === 'heartbeat') return reply(f, 'ok')
    enqueue(f)
  })
  // A frame over the limit (or a broken peer) closes the socket; it must never stop the stack.
  o.ws.on('error', (err) => o.log.debug(`realtime socket closed: ${err.message}`))
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
