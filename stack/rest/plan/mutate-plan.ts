// The mutation plan: insert (upsert with on_conflict), update, delete and PUT, with payload
// columns checked against the catalog (PGRST204) and the columns RETURNING must give for
// the representation and its embeds.
import { RestError } from '../errors.ts'
import type { ApiRequest } from '../request/types.ts'
import type { Table } from '../schema-cache/types.ts'
import { resolveCondition } from './resolve.ts'
import type { Condition, MutatePlan, ReadPlan } from './types.ts'

const unknownColumn = (table: string, column: string) =>
  new RestError(400, 'PGRST204', `Could not find the '${column}' column of '${table}' in the schema cache`)

/** Columns the read side needs back: the selected ones, FK columns of embeds, the primary key. */
export function returningColumns(read: ReadPlan, pk: string[]): string[] {
  const names = read.select.map((s) => s.field.name)
  if (names.includes('*')) return ['*']
  if (read.children.some((c) => c.rel?.kind === 'computed')) return ['*']
  const fkCols = read.children.flatMap((c) => {
    const r = c.rel
    if (!r || r.kind === 'computed') return []
    if (r.cardinality.kind === 'M2M') return r.cardinality.junction.colsSource.map(([, src]) => src)
    return r.cardinality.columns.map(([parentCol]) => parentCol)
  })
  return [...new Set([...names, ...fkCols, ...pk])]
}

function putConditions(req: ApiRequest, table: Table): Condition[] {
  const root = req.query.filters.filter((f) => f.path.length === 0)
  const fields = new Set(root.map((f) => f.filter.field.name))
  const pk = new Set(table.pk)
  const onlyPkEq =
    req.query.logic.every((l) => l.path.length > 0) &&
    pk.size > 0 &&
    fields.size === pk.size &&
    [...fields].every((f) => pk.has(f)) &&
    root.every(
      (f) =>
        !f.filter.negate &&
        f.filter.operation.kind === 'quant' &&
        f.filter.operation.op === 'eq' &&
        !f.filter.operation.quantifier,
    )
  if (!onlyPkEq)
    throw new RestError(
      405,
      'PGRST105',
      "Filters must include all and only primary key columns with 'eq' operators",
    )
  if (req.query.ranges.has(''))
    throw new RestError(400, 'PGRST114', 'limit/offset querystring parameters are not allowed for PUT')
  return root.map((f) => resolveCondition(table, { kind: 'filter', filter: f.filter }))
}

export function mutatePlan(req: ApiRequest, table: Table, read: ReadPlan): MutatePlan {
  const kind =
    req.method === 'POST'
      ? 'insert'
      : req.method === 'PUT'
        ? 'upsert-put'
        : req.method === 'PATCH'
          ? 'update'
          : 'delete'
  const keys = req.payload?.kind === 'json' ? req.payload.keys : []
  const columns =
    kind === 'delete'
      ? []
      : keys.map((name) => {
          const col = table.columns.get(name)
          if (!col) throw unknownColumn(table.name, name)
          return { name, type: col.type, default: col.default }
        })
  const where = [
    ...req.query.filters
      .filter((f) => f.path.length === 0)
      .map((f) => resolveCondition(table, { kind: 'filter', filter: f.filter })),
    ...req.query.logic.filter((l) => l.path.length === 0).map((l) => resolveCondition(table, l.tree)),
  ]
  const rep = req.prefs.representation
  const conflictCols = req.query.onConflict ?? table.pk
  return {
    kind,
    table,
    columns,
    where: kind === 'insert' || kind === 'upsert-put' ? [] : where,
    onConflict:
      kind === 'upsert-put'
        ? { resolution: 'merge-duplicates', columns: table.pk }
        : kind === 'insert' && req.prefs.resolution && conflictCols.length
          ? { resolution: req.prefs.resolution, columns: conflictCols }
          : undefined,
    putConditions: kind === 'upsert-put' ? putConditions(req, table) : [],
    returning: rep === 'representation' || rep === 'headers-only' ? returningColumns(read, table.pk) : [],
    applyDefaults: req.prefs.missing === 'default',
  }
}
