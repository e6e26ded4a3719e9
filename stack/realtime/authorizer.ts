// RLS for postgres_changes: which of the candidate subscribers may select the changed row.
// One query per change: the claim sets are grouped and checked inside one SQL call.
import type pg from 'pg'
import type { Member } from './members.ts'

export interface TableInfo {
  rls: boolean
  pk: string[]
}

export function createAuthorizer(pool: pg.Pool) {
  const tables = new Map<number, TableInfo>()

  async function tableInfo(oid: number): Promise<TableInfo> {
    const hit = tables.get(oid)
    if (hit) return hit
    const { rows } = await pool.query<{ rls: boolean; pk: string[] }>(
      `select c.relrowsecurity as rls, coalesce((select array_agg(a.attname::text order by k.ord) from pg_index i
         cross join lateral unnest(i.indkey) with ordinality k(attnum, ord)
         join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
         where i.indrelid = c.oid and i.indisprimary), '{}') as pk
       from pg_class c where c.oid = $1`,
      [oid],
    )
    const info = rows[0] ?? { rls: false, pk: [] }
    tables.set(oid, info)
    return info
  }

  return {
    tableInfo,
    forget: (oid: number) => tables.delete(oid),
    /** The members (of `candidates`) allowed to see the row `pkValues` of relation `oid`. */
    async visible(
      oid: number,
      row: Record<string, string | null>,
      candidates: Member[],
    ): Promise<Set<Member>> {
      const info = await tableInfo(oid)
      if (!info.pk.length || info.pk.some((k) => row[k] === null || row[k] === undefined)) {
        // Without a primary key the row cannot be looked up: only the service role sees it.
        return new Set(candidates.filter((m) => m.role === 'service_role'))
      }
      const groups = new Map<string, Member[]>()
      for (const m of candidates) {
        const k = JSON.stringify(m.claims)
        groups.set(k, [...(groups.get(k) ?? []), m])
      }
      const keys = [...groups.keys()]
      const { rows } = await pool.query<{ ok: boolean[] }>(
        'select _realtime.visible_to($1::oid::regclass, $2, $3, $4::jsonb) as ok',
        [oid, info.pk, info.pk.map((k) => row[k]), `[${keys.join(',')}]`],
      )
      const allowed = new Set<Member>()
      rows[0]!.ok.forEach((ok, i) => {
        if (ok) for (const m of groups.get(keys[i]!)!) allowed.add(m)
      })
      return allowed
    },
  }
}

export type Authorizer = ReturnType<typeof createAuthorizer>
