// Reads committed changes from the realtime publications over logical replication
// (pgoutput), one transaction at a time, and acknowledges a transaction's LSN only after it
// was dispatched, so a restart resumes where delivery stopped.
import pg from 'pg'
import { LogicalReplicationService, PgoutputPlugin } from 'pg-logical-replication'
import type { Logger } from '../shared/log.ts'

export interface RelationInfo {
  oid: number
  schema: string
  table: string
  columns: Array<{ name: string; typeOid: number }>
  keyColumns: string[]
  replicaIdentity: string
}

export interface Change {
  type: 'INSERT' | 'UPDATE' | 'DELETE'
  relation: RelationInfo
  /** Column values as Postgres's text output (null for SQL NULL). */
  record: Record<string, string | null> | null
  old: Record<string, string | null> | null
}

export interface Transaction {
  /** The transaction id (32 bits), to tell when its commit is visible to other sessions. */
  xid: number
  commitTimestamp: string
  commitLsn: string
  changes: Change[]
}

/** pgoutput with values kept as text: the dispatcher types them as Supabase does. */
class TextPgoutputPlugin extends PgoutputPlugin {
  override parse(buffer: Buffer) {
    const msg = super.parse(buffer)
    if (msg.tag === 'relation') for (const c of msg.columns) c.parser = (raw: unknown) => raw
    return msg
  }
}

type PgoutputMessage = ReturnType<PgoutputPlugin['parse']>

/** `16/B374D848` → a comparable number. */
export function lsnValue(lsn: string): bigint {
  const [hi, lo] = lsn.split('/')
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`)
}

export function createReplicationReader(o: {
  databaseUrl: string
  slot: string
  /** Read together, so their changes keep one commit order. */
  publications: string[]
  log: Logger
  onTransaction: (tx: Transaction) => Promise<void>
  /** A relation's description arrived (first use, or its shape changed). */
  onRelation?: (oid: number) => Promise<void> | void
}) {
  let service: LogicalReplicationService | undefined
  let stopped = false
  let lastAcked: string | undefined
  // The newest transaction handed to subscribers. After the stream restarts, the slot
  // replays what was dispatched but not yet acknowledged: skip it, deliver once.
  let lastDispatched = -1n
  let open: { xid: number; commitTimestamp: string; changes: Change[] } | undefined
  let restartTimer: NodeJS.Timeout | undefined

  async function ensureSlot(): Promise<void> {
    const c = new pg.Client({ connectionString: o.databaseUrl })
    await c.connect()
    try {
      const { rows } = await c.query<{ lsn: string | null }>(
        'select confirmed_flush_lsn::text as lsn from pg_replication_slots where slot_name = $1',
        [o.slot],
      )
      if (rows.length) lastAcked = rows[0]!.lsn ?? undefined
      else await c.query(`select pg_create_logical_replication_slot($1, 'pgoutput')`, [o.slot])
    } finally {
      await c.end()
    }
  }

  function relationInfo(r: {
    relationOid: number
    schema: string
    name: string
    columns: Array<{ name: string; typeOid: number }>
    keyColumns: string[]
    replicaIdentity: string
  }): RelationInfo {
    return {
      oid: r.relationOid,
      schema: r.schema,
      table: r.name,
      columns: r.columns.map((c) => ({ name: c.name, typeOid: c.typeOid })),
      keyColumns: r.keyColumns,
      replicaIdentity: r.replicaIdentity,
    }
  }

  async function onData(svc: LogicalReplicationService, msg: PgoutputMessage): Promise<void> {
    if (svc !== service) return // a stream being replaced: the new one replays from the slot
    switch (msg.tag) {
      case 'relation':
        await o.onRelation?.(msg.relationOid)
        break
      case 'begin':
        open = {
          xid: msg.xid,
          commitTimestamp: new Date(Number(BigInt(msg.commitTime as bigint) / 1000n)).toISOString(),
          changes: [],
        }
        break
      case 'insert':
        open?.changes.push({
          type: 'INSERT',
          relation: relationInfo(msg.relation),
          record: msg.new,
          old: null,
        })
        break
      case 'update':
        open?.changes.push({
          type: 'UPDATE',
          relation: relationInfo(msg.relation),
          record: msg.new,
          old: msg.old ?? msg.key,
        })
        break
      case 'delete':
        open?.changes.push({
          type: 'DELETE',
          relation: relationInfo(msg.relation),
          record: null,
          old: msg.old ?? msg.key,
        })
        break
      case 'commit': {
        const tx = open
        open = undefined
        const lsn = msg.commitEndLsn ? lsnValue(msg.commitEndLsn) : undefined
        if (tx && tx.changes.length && (lsn === undefined || lsn > lastDispatched)) {
          try {
            await o.onTransaction({ ...tx, commitLsn: msg.commitEndLsn ?? '' })
            if (lsn !== undefined) lastDispatched = lsn
          } catch (err) {
            // Not acknowledged: the slot replays this transaction after the restart.
            scheduleRestart(err)
            return
          }
        }
        if (msg.commitEndLsn) {
          lastAcked = msg.commitEndLsn
          await svc.acknowledge(msg.commitEndLsn)
        }
        break
      }
    }
  }

  function scheduleRestart(reason: unknown): void {
    if (stopped || restartTimer) return
    o.log.warn(`replication stream ended (${String((reason as Error)?.message ?? reason)}); resuming in 1 s`)
    const old = service
    service = undefined
    open = undefined
    void old?.stop().catch(() => {})
    restartTimer = setTimeout(() => {
      restartTimer = undefined
      void run().catch((e: unknown) => scheduleRestart(e))
    }, 1000)
  }

  async function run(): Promise<void> {
    if (stopped) return
    await ensureSlot()
    // A fresh service each time: it then starts from the slot's confirmed position.
    const svc = new LogicalReplicationService(
      { connectionString: o.databaseUrl, replication: 'database' } as pg.ClientConfig,
      { acknowledge: { auto: false, timeoutSeconds: 0 }, flowControl: { enabled: true } },
    )
    service = svc
    svc.on('data', (_lsn: string, msg: PgoutputMessage) => onData(svc, msg))
    svc.on('heartbeat', (_lsn: string, _ts: number, shouldRespond: boolean) => {
      if (shouldRespond && lastAcked) void svc.acknowledge(lastAcked).catch(() => {})
    })
    svc.on('error', (err: Error) => scheduleRestart(err))
    const plugin = new TextPgoutputPlugin({ protoVersion: 1, publicationNames: o.publications })
    const begun = Date.now()
    const started = new Promise<void>((resolve) =>
      svc.once('start', () => {
        o.log.info(`replication stream started from slot ${o.slot} (${Date.now() - begun} ms)`)
        resolve()
      }),
    )
    svc.subscribe(plugin, o.slot).then(
      () => scheduleRestart('closed'),
      (err: unknown) => scheduleRestart(err),
    )
    await Promise.race([started, new Promise((r) => setTimeout(r, 5000))])
  }

  return {
    start: run,
    async stop() {
      stopped = true
      clearTimeout(restartTimer)
      await service?.stop().catch(() => {})
    },
  }
}
