// SQL fragments shared by every statement: columns with JSON paths, casts, aggregates,
// filters and logic trees, order terms, limit/offset. Identifiers through `qi`, values
// always bound (sent untyped, so Postgres infers them from the column as for PostgREST).
import type { Field, Operation, Range } from '../request/types.ts'
import type { Condition, FilterPlan, OrderPlan, SelectPlan } from '../plan/types.ts'
import { qi, type Params } from './ident.ts'

/** A JSON path on a column: keys and indexes are bound values. */
export function fieldSql(qualifier: string, f: Field, isJson: boolean, p: Params): string {
  const col = f.name === '*' ? `${qualifier}.*` : `${qualifier}.${qi(f.name)}`
  if (!f.jsonPath.length) return col
  const base = isJson ? col : `to_jsonb(${col})`
  return f.jsonPath.reduce(
    (sql, step) => `${sql}${step.arrow}${step.index ? `${p.add(step.key)}::int` : p.add(step.key)}`,
    base,
  )
}

/** Casts are parsed as identifiers (letters, digits, `_`, `$`, spaces): safe to inline. */
export const castSql = (sql: string, cast?: string) => (cast ? `CAST(${sql} AS ${cast})` : sql)

export function selectItemSql(qualifier: string, s: SelectPlan, p: Params): string {
  let sql = s.fullRow ? qualifier : castSql(fieldSql(qualifier, s.field, s.isJson, p), s.cast)
  if (s.aggregate) sql = castSql(`${s.aggregate.toUpperCase()}(${sql})`, s.aggregateCast)
  return s.alias ? `${sql} AS ${qi(s.alias)}` : sql
}

const SIMPLE_SQL: Record<string, string> = {
  neq: '<>',
  cs: '@>',
  cd: '<@',
  ov: '&&',
  sl: '<<',
  sr: '>>',
  nxr: '&<',
  nxl: '&>',
  adj: '-|-',
}
const QUANT_SQL: Record<string, string> = {
  eq: '=',
  gte: '>=',
  gt: '>',
  lte: '<=',
  lt: '<',
  like: 'like',
  ilike: 'ilike',
  match: '~',
  imatch: '~*',
}
const FTS_SQL = {
  fts: 'to_tsquery',
  plfts: 'plainto_tsquery',
  phfts: 'phraseto_tsquery',
  wfts: 'websearch_to_tsquery',
}
const IS_SQL = { null: 'NULL', not_null: 'NOT NULL', true: 'TRUE', false: 'FALSE', unknown: 'UNKNOWN' }

const esc = (v: string) => `"${v.split('\0')[0]!.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`

/** `{"a","b,c"}`: a Postgres array literal of the list, for `= ANY($1)`. */
export function arrayLiteral(values: string[]): string {
  return `{${values.map(esc).join(',')}}`
}

function operationSql(col: string, op: Operation, p: Params): string {
  switch (op.kind) {
    case 'simple':
      return `${col} ${SIMPLE_SQL[op.op]} ${p.add(op.value)}`
    case 'quant': {
      const like = op.op === 'like' || op.op === 'ilike'
      const value = p.add(like ? op.value.replace(/\*/g, '%') : op.value)
      return `${col} ${QUANT_SQL[op.op]} ${op.quantifier ? `${op.quantifier.toUpperCase()}(${value})` : value}`
    }
    case 'in':
      return op.values.length === 1 && op.values[0] === ''
        ? `${col} = ANY('{}')`
        : `${col} = ANY(${p.add(arrayLiteral(op.values))})`
    case 'is':
      return `${col} IS ${IS_SQL[op.value]}`
    case 'isdistinct':
      return `${col} IS DISTINCT FROM ${p.add(op.value)}`
    case 'fts':
      return `${col} @@ ${FTS_SQL[op.op]}(${op.language ? `${p.add(op.language)}::regconfig, ` : ''}${p.add(op.value)})`
  }
}

export function filterSql(qualifier: string, f: FilterPlan, p: Params): string {
  let col = fieldSql(qualifier, f.field, f.isJson, p)
  if (f.operation.kind === 'fts' && !f.isTsvector)
    col = `to_tsvector(${f.operation.language ? `${p.add(f.operation.language)}::regconfig, ` : ''}${col})`
  const sql = operationSql(col, f.operation, p)
  return f.negate ? `NOT (${sql})` : sql
}

export function conditionSql(qualifier: string, c: Condition, p: Params): string {
  if (c.kind === 'filter') return filterSql(qualifier, c.filter, p)
  if (c.kind === 'embed-null') return `${qi(c.aggAlias)} IS ${c.isNull ? 'NOT ' : ''}DISTINCT FROM NULL`
  const inner = `(${c.children.map((x) => conditionSql(qualifier, x, p)).join(` ${c.op.toUpperCase()} `)})`
  return c.negate ? `NOT ${inner}` : inner
}

export function orderSql(qualifier: string, terms: OrderPlan[], p: Params): string {
  if (!terms.length) return ''
  const parts = terms.map((t) => {
    const expr = t.relation
      ? fieldSql(qi(t.relation), t.field, false, p)
      : fieldSql(qualifier, t.field, t.isJson, p)
    const dir = t.direction ? ` ${t.direction.toUpperCase()}` : ''
    return `${expr}${dir}${t.nulls ? ` NULLS ${t.nulls.toUpperCase()}` : ''}`
  })
  return ` ORDER BY ${parts.join(', ')}`
}

/** Integers checked here are written as literals: a bound LIMIT makes Postgres guess 10% of
 * the rows, so it never settles on a reusable (generic) plan for a prepared statement. */
const integer = (n: number) => {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a row count: ${n}`)
  return String(n)
}

export function limitSql(range: Range): string {
  if (range.offset === 0 && range.limit === undefined) return ''
  return ` LIMIT ${range.limit === undefined ? 'ALL' : integer(range.limit)} OFFSET ${integer(range.offset)}`
}
