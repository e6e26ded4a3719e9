// RLS for postgres_changes: which candidate subscribers may see a changed row. One call per
// change and role: on a session of its own, the row lookup is prepared once per table and
// role (a generic plan), then executed once per distinct claim set inside that call.
import pg from 'pg'
import type { Logger } from '../shared/log.ts'
import type { Member } from './members.ts'

export interface TableInfo {
  rls: boolean
  pk: string[]
  /** format_type of each primary key column, in order. */
  pkTypes: string[]
  /** The relation as SQL text, schema-qualified and quoted. */
  name: string
}

const SETTLE_LIMIT_MS = 2000

export function createRlsCheck(o: { databaseUrl: string; log: Logger }) {
  const tables = new Map<number, TableInfo>()
  let session: Promise<pg.Client> | undefined
  let prepared = new Set<string>()

  function connect(): Promise<pg.Client> {
    session ??= (async () => {
      const c = new pg.Client({ connectionString: o.databaseUrl, application_name: 'stack realtime rls' })
      c.on('error', (err) => o.log.warn('the realtime RLS session failed', err))
      c.on('end', () => {
        session = undefined
        prepared = new Set()
      })
      await c.connect()
      // The search_path _realtime.visible_to runs with: a plan is only reused under the path
      // it was made with, so statements are prepared under the same one.
      await c.query(`set plan_cache_mode = force_generic_plan; set search_path = ''`)
      return c
    })().catch((err: unknown) => {
      session = undefined
      throw err
    })
    return session
  }

  async function tableInfo(oid: number): Promise<TableInfo> {
    const hit = tables.get(oid)
    if (hit) return hit
    const db = await connect()
    const { rows } = await db.query<TableInfo>(
      `select c.relrowsecurity as rls, format('%I.%I', n.nspname, c.relname) as name,
              coalesce(array_agg(a.attname::text order by k.ord) filter (where a.attname is not null), '{}') as pk,
              coalesce(array_agg(format_type(a.atttypid, a.atttypmod) order by k.ord) filter (where a.attname is not null), '{}') as "pkTypes"
         from pg_class c
         join pg_namespace n on n.oid = c.relnamespace
         left join pg_index i on i.indrelid = c.oid and i.indisprimary
         left join lateral unnest(i.indkey) with ordinality k(attnum, ord) on true
         left join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
        where c.oid = $1
        group by c.oid, n.nspname`,
      [oid],
    )
    const info = rows[0] ?? { rls: false, pk: [], pkTypes: [], name: '' }
    tables.set(oid, info)
    return info
  }

  /** The name of the prepared row lookup for this table and role, preparing it once. */
  async function statement(db: pg.Client, oid: number, info: TableInfo, role: string): Promise<string> {
    const name = `rt_rls_${oid}_${role}`
    if (prepared.has(name)) return name
    const where = info.pk.map((k, i) => `${pg.escapeIdentifier(k)} = $${i + 1}`).join(' and ')
    // Prepared as the role, so its plan (policies included) stays valid when run as the role.
    await db.query(`set role ${pg.escapeIdentifier(role)}`)
    try {
      await db.query(
        `prepare ${name} (${info.pkTypes.join(', ')}) as select exists (select 1 from ${info.name} where ${where})`,
      )
    } finally {
      await db.query('reset role')
    }
    prepared.add(name)
    return name
  }

  return {
    tableInfo,
    /**
     * Waits until transaction `xid` is visible to other sessions. Its commit reaches the
     * WAL (and so this stack) a moment before it leaves the list of running transactions:
     * a row checked in that moment would look invisible to everyone.
     */
    async settled(xid: number): Promise<void> {
      const db = await connect()
      for (let waited = 0; waited < SETTLE_LIMIT_MS; waited += 1) {
        const { rows } = await db.query<{ running: boolean }>(
          `select exists (select 1 from pg_catalog.pg_snapshot_xip(pg_catalog.pg_current_snapshot()) x
                           where (x::text::bigint % 4294967296) = $1) as running`,
          [xid],
        )
        if (!rows[0]!.running) return
        await new Promise((r) => setTimeout(r, 1))
      }
      o.log.warn(
        `transaction ${xid} still looks running after ${SETTLE_LIMIT_MS} ms; checking its rows anyway`,
      )
    },
    /** After a relation changed (new columns, keys, policies' tables): look it up again. */
    async forget(oid: number) {
      tables.delete(oid)
      const db = session && (await session.catch(() => undefined))
      for (const name of [...prepared].filter((n) => n.startsWith(`rt_rls_${oid}_`))) {
        prepared.delete(name)
        await db?.query(`deallocate ${name}`).catch(() => {})
      }
    },
    /**
     * The members (of `candidates`) who may see the row: SELECT on the table always; with
     * RLS on and `checkRow`, the row found by primary key must be visible to their claims.
     */
    async visible(
      oid: number,
      row: Record<string, string | null> | null,
      candidates: Member[],
      checkRow: boolean,
    ): Promise<Set<Member>> {
      const info = await tableInfo(oid)
      const db = await connect()
      const lookup = checkRow && info.rls
      if (lookup && (!info.pk.length || info.pk.some((k) => row?.[k] == null))) {
        // Without a primary key the row cannot be looked up: only the service role sees it.
        return new Set(candidates.filter((m) => m.role === 'service_role'))
      }
      const allowed = new Set<Member>()
      for (const [role, members] of groupBy(candidates, (m) => m.role)) {
        const byClaims = groupBy(members, (m) => JSON.stringify(m.claims))
        const keys = [...byClaims.keys()]
        const stmt = lookup ? await statement(db, oid, info, role) : null
        const { rows } = await db.query<{ ok: boolean[] }>(
          'select _realtime.visible_to($1, $2, $3, $4, $5::jsonb) as ok',
          [oid, stmt, role, lookup ? info.pk.map((k) => row![k]) : [], `[${keys.join(',')}]`],
        )
        rows[0]!.ok.forEach((ok, i) => {
          if (ok) for (const m of byClaims.get(keys[i]!)!) allowed.add(m)
        })
      }
      return allowed
    },
    async stop() {
      const db = session && (await session.catch(() => undefined))
      await db?.end().catch(() => {})
    },
  }
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const t of items) {
    const k = key(t)
    const list = out.get(k)
    if (list) list.push(t)
    else out.set(k, [t])
  }
  return out
}

export type RlsCheck = ReturnType<typeof createRlsCheck>
