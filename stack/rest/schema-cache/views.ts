// Relationships and primary keys through views, as PostgREST finds them: a view column that
// is a plain column of a table carries that column's keys, so a view exposing all of a
// foreign key's columns relates to what the table relates to (and the other way round).
import { viewColumnSources } from './node-tree.ts'
import type { FkRow } from './load.ts'
import type { Table } from './types.ts'

export interface ViewRow {
  oid: number
  schema: string
  name: string
  definition: string
}

export interface AttributeRow {
  relid: number
  schema: string
  name: string
  attnum: number
  column: string
}

/** For each view (`schema.name`): its columns' origins, `schema.table.column` → view column. */
export function viewLineage(views: ViewRow[], attributes: AttributeRow[]): Map<string, Map<string, string>> {
  const attr = new Map(attributes.map((a) => [`${a.relid}:${a.attnum}`, a]))
  const direct = new Map(views.map((v) => [v.oid, viewColumnSources(v.definition)]))
  /** Follows a column through views down to a table column: `schema.table.column`. */
  const origin = (relid: number, attnum: number, depth = 0): string | undefined => {
    const a = attr.get(`${relid}:${attnum}`)
    if (!a || depth > 20) return undefined
    const through = direct.get(relid)?.find((s) => s.resno === attnum)
    return through ? origin(through.table, through.column, depth + 1) : `${a.schema}.${a.name}.${a.column}`
  }
  const out = new Map<string, Map<string, string>>()
  for (const v of views) {
    const cols = new Map<string, string>()
    for (const s of direct.get(v.oid) ?? []) {
      const from = origin(s.table, s.column)
      const name = attr.get(`${v.oid}:${s.resno}`)?.column
      if (from && name && !cols.has(from)) cols.set(from, name)
    }
    out.set(`${v.schema}.${v.name}`, cols)
  }
  return out
}

function covering(lineage: Map<string, Map<string, string>>, table: string, columns: string[]) {
  const found: Array<{ view: string; columns: string[] }> = []
  for (const [view, cols] of lineage) {
    const mapped = columns.map((c) => cols.get(`${table}.${c}`))
    if (mapped.every((m): m is string => m !== undefined)) found.push({ view, columns: mapped })
  }
  return found
}

const split = (q: string) => ({ schema: q.slice(0, q.indexOf('.')), name: q.slice(q.indexOf('.') + 1) })

/** The foreign keys as seen from views: view → table, table → view and view → view. */
export function viewForeignKeys(fks: FkRow[], lineage: Map<string, Map<string, string>>): FkRow[] {
  const out: FkRow[] = []
  for (const fk of fks) {
    const from = covering(
      lineage,
      `${fk.schema}.${fk.table}`,
      fk.columns.map((p) => p[0]),
    )
    const to = covering(
      lineage,
      `${fk.foreignSchema}.${fk.foreignTable}`,
      fk.columns.map((p) => p[1]),
    )
    const row = (
      src: { schema: string; name: string },
      dst: { schema: string; name: string },
      cols: FkRow['columns'],
      srcView: boolean,
      dstView: boolean,
    ): FkRow => ({
      ...fk,
      schema: src.schema,
      table: src.name,
      foreignSchema: dst.schema,
      foreignTable: dst.name,
      columns: cols,
      tableIsView: srcView,
      foreignTableIsView: dstView,
    })
    const table = { schema: fk.schema, name: fk.table }
    const foreign = { schema: fk.foreignSchema, name: fk.foreignTable }
    for (const v of from)
      out.push(
        row(
          split(v.view),
          foreign,
          v.columns.map((c, i) => [c, fk.columns[i]![1]]),
          true,
          fk.foreignTableIsView,
        ),
      )
    for (const w of to)
      out.push(
        row(
          table,
          split(w.view),
          fk.columns.map((p, i) => [p[0], w.columns[i]!]),
          fk.tableIsView,
          true,
        ),
      )
    for (const v of from)
      for (const w of to)
        out.push(
          row(
            split(v.view),
            split(w.view),
            v.columns.map((c, i) => [c, w.columns[i]!]),
            true,
            true,
          ),
        )
  }
  return out
}

/** A view exposing all of its table's primary key columns has that primary key. */
export function viewPrimaryKeys(tables: Map<string, Table>, lineage: Map<string, Map<string, string>>): void {
  for (const [view, cols] of lineage) {
    const t = tables.get(view)
    if (!t || t.pk.length) continue
    for (const base of tables.values()) {
      if (base.isView || !base.pk.length) continue
      const mapped = base.pk.map((c) => cols.get(`${base.schema}.${base.name}.${c}`))
      if (mapped.every((m): m is string => m !== undefined)) {
        t.pk = mapped
        break
      }
    }
  }
}
