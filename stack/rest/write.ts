// INSERT (and upsert), UPDATE and DELETE as one statement each; with a representation, the
// changed rows feed the same projection a read uses (embeddings included).
import { RestError, unknownColumn, parseError } from './errors.ts'
import type { Preferences } from './request.ts'
import type { Relation } from './schema-cache.ts'
import { conditionSql, qi, qrel, relationSource, type Params } from './sql.ts'
import type { Modifiers } from './request.ts'

type Row = Record<string, unknown>

function columnList(rel: Relation, names: string[]): string[] {
  for (const n of names) if (!rel.columns.has(n)) throw unknownColumn(rel.name, n)
  return names
}

export function parseColumnsParam(value: string): string[] {
  return value
    .split(',')
    .map((c) => c.trim().replace(/^"(.*)"$/, '$1'))
    .filter(Boolean)
}

export function bodyRows(body: unknown): Row[] {
  const rows = Array.isArray(body) ? body : [body]
  if (!rows.every((r) => r && typeof r === 'object' && !Array.isArray(r))) {
    throw new RestError(400, 'PGRST102', 'All object keys must match', null, null)
  }
  return rows as Row[]
}

/** Groups rows that send the same keys, so `missing=default` can leave the others to DEFAULT. */
function groups(
  rows: Row[],
  columns: string[] | undefined,
  prefs: Preferences,
): Array<{ cols: string[]; rows: Row[] }> {
  if (!prefs.missingDefault) {
    const cols = columns ?? Object.keys(rows[0] ?? {})
    if (!columns) {
      const sig = [...cols].sort().join(',')
      if (rows.some((r) => Object.keys(r).sort().join(',') !== sig))
        throw new RestError(400, 'PGRST102', 'All object keys must match')
    }
    return [{ cols, rows }]
  }
  const bySig = new Map<string, { cols: string[]; rows: Row[] }>()
  for (const r of rows) {
    const cols = Object.keys(r).filter((k) => !columns || columns.includes(k))
    const sig = [...cols].sort().join(',')
    const g = bySig.get(sig) ?? { cols, rows: [] }
    g.rows.push(r)
    bySig.set(sig, g)
  }
  return [...bySig.values()]
}

export function insertSql(
  rel: Relation,
  rows: Row[],
  columns: string[] | undefined,
  onConflict: string[] | undefined,
  prefs: Preferences,
  p: Params,
  returning: boolean,
): string[] {
  const target = qrel(rel.schema, rel.name)
  return groups(rows, columns, prefs).map((g) => {
    const cols = columnList(rel, g.cols)
    const list = cols.map(qi).join(', ')
    const source = cols.length
      ? `(${list}) select ${cols.map((c) => `_p.${qi(c)}`).join(', ')} from json_populate_recordset(null::${target}, ${p.add(JSON.stringify(g.rows))}::json) _p`
      : `default values`
    if (!cols.length && g.rows.length > 1) throw parseError('Cannot insert several rows with no columns')
    let sql = `insert into ${target} ${source}`
    if (prefs.resolution) {
      const conflict = columnList(rel, onConflict ?? rel.pk)
      if (!conflict.length) throw parseError('An upsert needs on_conflict or a primary key')
      const updates = cols.filter((c) => !conflict.includes(c))
      sql +=
        prefs.resolution === 'ignore-duplicates' || updates.length === 0
          ? ` on conflict (${conflict.map(qi).join(', ')}) do nothing`
          : ` on conflict (${conflict.map(qi).join(', ')}) do update set ${updates.map((c) => `${qi(c)} = excluded.${qi(c)}`).join(', ')}`
    }
    return returning ? `${sql} returning ${target}.*` : sql
  })
}

export function updateSql(
  rel: Relation,
  body: unknown,
  mods: Modifiers,
  p: Params,
  returning: boolean,
): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new RestError(400, 'PGRST102', 'An update needs a JSON object')
  const cols = columnList(rel, Object.keys(body))
  if (!cols.length) return undefined
  const target = qrel(rel.schema, rel.name)
  const src = relationSource(rel, 't0')
  const where = mods.conditions.map((c) => conditionSql(c, src, p))
  let sql = `update ${target} as t0 set ${cols.map((c) => `${qi(c)} = _p.${qi(c)}`).join(', ')} from json_populate_record(null::${target}, ${p.add(JSON.stringify(body))}::json) _p`
  if (where.length) sql += ` where ${where.join(' and ')}`
  return returning ? `${sql} returning t0.*` : sql
}

export function deleteSql(rel: Relation, mods: Modifiers, p: Params, returning: boolean): string {
  const src = relationSource(rel, 't0')
  const where = mods.conditions.map((c) => conditionSql(c, src, p))
  let sql = `delete from ${qrel(rel.schema, rel.name)} as t0`
  if (where.length) sql += ` where ${where.join(' and ')}`
  return returning ? `${sql} returning t0.*` : sql
}
