// postgres_changes bindings: what a subscriber asked for, and whether a change matches it.
export interface RowFilter {
  column: string
  op: 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in'
  values: string[]
}

export interface Binding {
  id: number
  event: '*' | 'INSERT' | 'UPDATE' | 'DELETE'
  schema: string
  table: string
  /** As the client sent it, echoed back in the join reply. */
  filterText?: string
  filter?: RowFilter
}

export class BindingError extends Error {}

const OPS = new Set(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in'])

export function parseRowFilter(text: string): RowFilter {
  const m = text.match(/^([^=]+)=([a-z]+)\.(.*)$/s)
  if (!m || !OPS.has(m[2]!))
    throw new BindingError(
      `Invalid filter "${text}": expected column=op.value with op one of eq, neq, lt, lte, gt, gte, in`,
    )
  const op = m[2] as RowFilter['op']
  let values = [m[3]!]
  if (op === 'in') {
    const list = m[3]!.match(/^\((.*)\)$/s)
    if (!list) throw new BindingError(`Invalid filter "${text}": in. takes a list such as (1,2,3)`)
    values = list[1]!.split(',').map((v) => v.trim().replace(/^"(.*)"$/, '$1'))
  }
  return { column: m[1]!, op, values }
}

function compare(a: string, b: string): number {
  const x = Number(a)
  const y = Number(b)
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y
  return a < b ? -1 : a > b ? 1 : 0
}

/** Compares on Postgres's text output of the value, numerically when both sides are numbers. */
export function rowMatches(f: RowFilter, row: Record<string, string | null> | null): boolean {
  if (!row || !(f.column in row)) return false
  const v = row[f.column]
  if (v === null || v === undefined) return false
  switch (f.op) {
    case 'eq':
      return compare(v, f.values[0]!) === 0
    case 'neq':
      return compare(v, f.values[0]!) !== 0
    case 'lt':
      return compare(v, f.values[0]!) < 0
    case 'lte':
      return compare(v, f.values[0]!) <= 0
    case 'gt':
      return compare(v, f.values[0]!) > 0
    case 'gte':
      return compare(v, f.values[0]!) >= 0
    case 'in':
      return f.values.some((x) => compare(v, x) === 0)
  }
}

export function bindingMatches(
  b: Binding,
  schema: string,
  table: string,
  type: string,
  row: Record<string, string | null> | null,
): boolean {
  if (b.event !== '*' && b.event !== type) return false
  if (b.schema !== '*' && b.schema !== schema) return false
  if (b.table !== '*' && b.table !== table) return false
  return !b.filter || rowMatches(b.filter, row)
}
