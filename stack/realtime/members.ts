// Who is joined to which topic: the channel members of every socket, their rights (role,
// claims and, on private channels, what RLS on realtime.messages allows) and options;
// presence per topic, seen only by members allowed to read it.
import type { Binding } from './filters.ts'
import { RawJson } from './protocol.ts'

export interface Connection {
  id: number
  send(
    topic: string,
    event: string,
    payload: Record<string, unknown> | RawJson,
    ref?: string | null,
    joinRef?: string | null,
  ): void
}

/** What RLS on realtime.messages allows on a private channel; undefined = not asked yet. */
export interface Policies {
  broadcast: { read: boolean; write?: boolean }
  presence: { read: boolean; write?: boolean }
}

export interface Member {
  conn: Connection
  topic: string
  joinRef: string | null
  role: string
  claims: Record<string, unknown>
  /** The token as the client sent it (re-checked against RLS when it changes). */
  token: string
  /** Seconds since epoch; undefined for tokens without exp. */
  exp?: number
  private: boolean
  /** Only on private channels. */
  policies?: Policies
  broadcastSelf: boolean
  broadcastAck: boolean
  presenceKey: string
  bindings: Binding[]
}

interface PresenceEntry {
  member: Member
  metas: Array<Record<string, unknown>>
}

export const canReadBroadcast = (m: Member) => !m.private || !!m.policies?.broadcast.read
export const canReadPresence = (m: Member) => !m.private || !!m.policies?.presence.read

export function createRegistry() {
  const byTopic = new Map<string, Set<Member>>()
  const withChanges = new Set<Member>()
  // Public and private channels of one name are separate rooms, as on Supabase.
  const presence = new Map<string, Map<string, PresenceEntry>>()
  let presenceRef = 0
  const room = (m: Member) => `${m.private ? 'private' : 'public'}|${m.topic}`

  function presenceState(m: Member) {
    const out: Record<string, { metas: Array<Record<string, unknown>> }> = {}
    for (const [key, e] of presence.get(room(m)) ?? []) out[key] = { metas: e.metas }
    return out
  }

  function broadcastDiff(from: Member, joins: Record<string, unknown>, leaves: Record<string, unknown>) {
    for (const m of byTopic.get(from.topic) ?? [])
      if (m.private === from.private && canReadPresence(m))
        m.conn.send(m.topic, 'presence_diff', { joins, leaves }, null, m.joinRef)
  }

  function untrack(m: Member) {
    const entries = presence.get(room(m))
    const e = entries?.get(m.presenceKey)
    if (!e || e.member !== m) return
    entries!.delete(m.presenceKey)
    if (!entries!.size) presence.delete(room(m))
    broadcastDiff(m, {}, { [m.presenceKey]: { metas: e.metas } })
  }

  return {
    add(m: Member) {
      let set = byTopic.get(m.topic)
      if (!set) byTopic.set(m.topic, (set = new Set()))
      set.add(m)
      if (m.bindings.length) withChanges.add(m)
    },
    remove(m: Member) {
      untrack(m)
      byTopic.get(m.topic)?.delete(m)
      if (byTopic.get(m.topic)?.size === 0) byTopic.delete(m.topic)
      withChanges.delete(m)
    },
    membersOf: (topic: string) => byTopic.get(topic) ?? new Set<Member>(),
    changeSubscribers: () => withChanges,
    presenceState,
    track(m: Member, meta: Record<string, unknown>) {
      let entries = presence.get(room(m))
      if (!entries) presence.set(room(m), (entries = new Map()))
      const previous = entries.get(m.presenceKey)
      const metas = [{ ...meta, phx_ref: String(++presenceRef) }]
      entries.set(m.presenceKey, { member: m, metas })
      broadcastDiff(
        m,
        { [m.presenceKey]: { metas } },
        previous ? { [m.presenceKey]: { metas: previous.metas } } : {},
      )
    },
    untrack,
    /** A broadcast to the readers of `topic` on channels of the given kind. */
    broadcast(
      topic: string,
      isPrivate: boolean,
      message: Record<string, unknown> | RawJson,
      except?: Member,
    ) {
      const members = byTopic.get(topic)
      if (!members) return
      if (!(message instanceof RawJson) && members.size > 1) message = new RawJson(JSON.stringify(message))
      for (const m of members)
        if (m !== except && m.private === isPrivate && canReadBroadcast(m))
          m.conn.send(topic, 'broadcast', message, null, m.joinRef)
    },
  }
}

export type Registry = ReturnType<typeof createRegistry>
