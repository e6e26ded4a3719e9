// SQL text from parsed requests: quoted identifiers (from the schema cache only) and every
// value a bound parameter.
import { parseError, unknownColumn } from './errors.ts'
import { parseList, type Condition, type Field, type Filter } from './parse.ts'
import type { Relation } from './schema-cache.ts'

export const qi = (name: string) => `"${name.replace(/"/g, '""')}"`
export const qrel = (schema: string, name: string) => `${qi(schema)}.${qi(name)}`

/** Collects bound values; `add(v)` returns its placeholder. */
export class Params {
  readonly values: unknown[] = []
  add(v: unknown): string {
    this.values.push(v)
    return `$${this.values.length}`
  }
}

/** Where a field's column is checked: a relation from the cache, or known output columns. */
export interface Source {
  alias: string
  label: string
  has(column: string): boolean
}

export function relationSource(rel: Relation, alias: string): Source {
  return { alias, label: rel.name, has: (c) => rel.columns.has(c) }
}

export function fieldSql(f: Field, src: Source, p: Params): string {
  if (!src.has(f.name)) throw unknownColumn(src.label, f.name)
  let sql = `${src.alias}.${qi(f.name)}`
  for (const [arrow, k] of f.path)
    sql = `(${sql}${arrow}${/^-?\d+$/.test(k) ? Number(k) : p.add(k) + '::text'})`
  if (f.cast) sql = `(${sql})::${f.cast}`
  return sql
}

export function fieldAlias(f: Field): string {
  return f.alias ?? (f.path.length ? f.path[f.path.length - 1]![1] : f.name)
}

const SIMPLE: Record<string, string> = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  like: 'like',
  ilike: 'ilike',
  match: '~',
  imatch: '~*',
  cs: '@>',
  cd: '<@',
  ov: '&&',
  sl: '<<',
  sr: '>>',
  nxl: '&<',
  nxr: '&>',
  adj: '-|-',
  isdistinct: 'is distinct from',
}
const FTS: Record<string, string> = {
  fts: 'to_tsquery',
  plfts: 'plainto_tsquery',
  phfts: 'phraseto_tsquery',
  wfts: 'websearch_to_tsquery',
}
const IS: Record<string, string> = { null: 'null', true: 'true', false: 'false', unknown: 'unknown' }

function filterSql(f: Filter, src: Source, p: Params): string {
  const col = fieldSql(f.field, src, p)
  let sql: string
  if (f.op === 'is') {
    const v = IS[f.value.toLowerCase()]
    if (!v)
      throw parseError(`"failed to parse filter (is.${f.value})"`, 'is. takes null, true, false or unknown')
    sql = `${col} is ${v}`
  } else if (f.op === 'in') {
    sql = `${col} = any(${p.add(parseList(f.value))})`
  } else if (FTS[f.op]) {
    const cfg = f.modifier ? `${p.add(f.modifier)}::regconfig, ` : ''
    sql = `${col} @@ ${FTS[f.op]}(${cfg}${p.add(f.value)})`
  } else {
    let value = f.value
    if (f.op === 'like' || f.op === 'ilike') value = value.replace(/\*/g, '%')
    if ((f.op === 'ov' || f.op === 'cs' || f.op === 'cd') && value.startsWith('(') && value.endsWith(')')) {
      value = `{${value.slice(1, -1)}}`
    }
    sql = `${col} ${SIMPLE[f.op]} ${p.add(value)}`
  }
  return f.negate ? `not (${sql})` : sql
}

export function conditionSql(c: Condition, src: Source, p: Params): string {
  if (c.type === 'filter') return filterSql(c, src, p)
  const parts = c.children.map((ch) => conditionSql(ch, src, p))
  const sql = parts.length ? `(${parts.join(` ${c.op} `)})` : 'true'
  return c.negate ? `not ${sql}` : sql
}
