// Fans a committed transaction out to subscribers, change by change in commit order:
// inserts into realtime.messages are Broadcast from Database, to the topic's readers;
// other changes are postgres_changes (binding match, SELECT privilege and RLS, Supabase's
// payload shape).
import type pg from 'pg'
import type { Logger } from '../shared/log.ts'
import { bindingMatches } from './filters.ts'
import type { RlsCheck } from './rls-check.ts'
import type { Member, Registry } from './members.ts'
import type { Change, Transaction } from './replication.ts'
import { toJsonValue } from './values.ts'
import { RawJson } from './protocol.ts'

type Row = Record<string, string | null>

export function createDispatcher(o: { registry: Registry; rls: RlsCheck; pool: pg.Pool; log: Logger }) {
  const typeNames = new Map<number, string>()
  // Transactions known to be visible to other sessions (checked once, before a row lookup).
  const settled = new WeakSet<Transaction>()

  async function typeName(oid: number): Promise<string> {
    if (!typeNames.has(oid)) {
      const { rows } = await o.pool.query<{ oid: number; typname: string }>(
        'select oid::int as oid, typname from pg_type',
      )
      for (const r of rows) typeNames.set(r.oid, r.typname)
    }
    return typeNames.get(oid) ?? 'text'
  }

  async function payloadFor(change: Change, tx: Transaction, rls: boolean, pk: string[]) {
    const columns = await Promise.all(
      change.relation.columns.map(async (c) => ({ name: c.name, type: await typeName(c.typeOid) })),
    )
    const typed = (row: Row | null, only?: string[]) => {
      const out: Record<string, unknown> = {}
      if (!row) return out
      for (const c of columns)
        if (c.name in row && (!only || only.includes(c.name)))
          out[c.name] = toJsonValue(row[c.name] ?? null, c.type)
      return out
    }
    const data: Record<string, unknown> = {
      schema: change.relation.schema,
      table: change.relation.table,
      commit_timestamp: tx.commitTimestamp,
      type: change.type,
      columns,
      errors: null,
    }
    if (change.type !== 'DELETE') data.record = typed(change.record)
    if (change.type === 'UPDATE') data.old_record = change.old ? typed(change.old) : typed(change.record, pk)
    // As on Supabase: with RLS on, a delete reveals only the primary key.
    if (change.type === 'DELETE') data.old_record = typed(change.old, rls ? pk : undefined)
    return data
  }

  async function dispatchChange(change: Change, tx: Transaction): Promise<void> {
    const { schema, table } = change.relation
    const row = change.type === 'DELETE' ? change.old : change.record
    const matched = new Map<Member, number[]>()
    for (const m of o.registry.changeSubscribers()) {
      const ids = m.bindings
        .filter((b) => bindingMatches(b, schema, table, change.type, row))
        .map((b) => b.id)
      if (ids.length) matched.set(m, ids)
    }
    if (!matched.size) return
    const info = await o.rls.tableInfo(change.relation.oid)
    if (info.rls && change.type !== 'DELETE' && !settled.has(tx)) {
      await o.rls.settled(tx.xid)
      settled.add(tx)
    }
    // A delete cannot be checked against RLS (the row is gone): it goes to whoever may
    // select from the table, with only the primary key when RLS is on.
    const allowed = await o.rls.visible(
      change.relation.oid,
      row,
      [...matched.keys()],
      change.type !== 'DELETE',
    )
    if (!allowed.size) {
      o.log.debug(`${change.type} on ${schema}.${table}: none of ${matched.size} subscriber(s) may see it`)
      return
    }
    const data = await payloadFor(change, tx, info.rls, info.pk)
    for (const [m, ids] of matched) {
      if (allowed.has(m)) m.conn.send(m.topic, 'postgres_changes', { ids, data }, null, m.joinRef)
    }
  }

  /** A row of realtime.messages: the broadcast it carries, to readers of its topic. */
  function dispatchMessage(change: Change): void {
    const r = change.record
    if (change.type !== 'INSERT' || !r || r.extension !== 'broadcast' || r.skip_broadcast === 't') return
    if (r.topic == null || r.event == null || r.payload == null) {
      o.log.warn(`a realtime.messages row without topic, event or payload was not broadcast (id ${r.id})`)
      return
    }
    // The payload is jsonb's text, valid JSON as it is: it goes out without being parsed.
    const message = new RawJson(
      `{"type":"broadcast","event":${JSON.stringify(r.event)},"payload":${r.payload},"meta":{"id":${JSON.stringify(r.id)}}}`,
    )
    o.registry.broadcast(`realtime:${r.topic}`, r.private === 't', message)
  }

  return {
    async dispatch(tx: Transaction): Promise<void> {
      for (const change of tx.changes) {
        try {
          if (change.relation.schema === 'realtime' && change.relation.table === 'messages')
            dispatchMessage(change)
          else await dispatchChange(change, tx)
        } catch (err) {
          // Lost database: let the reader resume from the slot and redeliver this transaction.
          if (isConnectionError(err)) throw err
          o.log.error(
            `dispatching a change on ${change.relation.schema}.${change.relation.table} failed`,
            err,
          )
        }
      }
    },
    forgetRelation: (oid: number) => o.rls.forget(oid),
  }
}

function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string }
  return (
    /^(08|57P)/.test(e?.code ?? '') ||
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(e?.code ?? '') ||
    /Connection terminated/i.test(e?.message ?? '')
  )
}
