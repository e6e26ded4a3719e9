// Who is joined to which topic: the channel members of every socket, their rights (role and
// claims from their current token) and their options; presence per topic.
import type { Binding } from './filters.ts'

export interface Connection {
  id: number
  send(
    topic: string,
    event: string,
    payload: Record<string, unknown>,
    ref?: string | null,
    joinRef?: string | null,
  ): void
}

export interface Member {
  conn: Connection
  topic: string
  joinRef: string | null
  role: string
  claims: Record<string, unknown>
  /** Seconds since epoch; undefined for tokens without exp. */
  exp?: number
  broadcastSelf: boolean
  broadcastAck: boolean
  presenceKey: string
  bindings: Binding[]
}

interface PresenceEntry {
  member: Member
  metas: Array<Record<string, unknown>>
}

export function createRegistry() {
  const byTopic = new Map<string, Set<Member>>()
  const withChanges = new Set<Member>()
  const presence = new Map<string, Map<string, PresenceEntry>>()
  let presenceRef = 0

  function presenceState(topic: string) {
    const out: Record<string, { metas: Array<Record<string, unknown>> }> = {}
    for (const [key, e] of presence.get(topic) ?? []) out[key] = { metas: e.metas }
    return out
  }

  function broadcastDiff(topic: string, joins: Record<string, unknown>, leaves: Record<string, unknown>) {
    for (const m of byTopic.get(topic) ?? [])
      m.conn.send(topic, 'presence_diff', { joins, leaves }, null, m.joinRef)
  }

  function untrack(m: Member) {
    const entries = presence.get(m.topic)
    const e = entries?.get(m.presenceKey)
    if (!e || e.member !== m) return
    entries!.delete(m.presenceKey)
    broadcastDiff(m.topic, {}, { [m.presenceKey]: { metas: e.metas } })
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
    all: function* () {
      for (const set of byTopic.values()) yield* set
    },
    presenceState,
    track(m: Member, meta: Record<string, unknown>) {
      let entries = presence.get(m.topic)
      if (!entries) presence.set(m.topic, (entries = new Map()))
      const previous = entries.get(m.presenceKey)
      const metas = [{ ...meta, phx_ref: String(++presenceRef) }]
      entries.set(m.presenceKey, { member: m, metas })
      broadcastDiff(
        m.topic,
        { [m.presenceKey]: { metas } },
        previous ? { [m.presenceKey]: { metas: previous.metas } } : {},
      )
    },
    untrack,
  }
}

export type Registry = ReturnType<typeof createRegistry>
