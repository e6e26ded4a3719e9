// The query string split into PostgREST's parts: select, filters and logic trees per
// embedding path, order, limit/offset ranges, columns, on_conflict and RPC arguments.
import { parseFilter, parseFilterValue, parseLogic, parseOrder, parseTreePath } from './filters.ts'
import { RestError } from '../errors.ts'
import { fieldName, runParser } from './scanner.ts'
import { parseSelect } from './select.ts'
import type { QueryParams, Range } from './types.ts'

const RESERVED = new Set(['select', 'columns', 'on_conflict'])
const EMBEDDABLE = new Set(['order', 'limit', 'offset', 'and', 'or'])

const lastSegment = (key: string) => key.slice(key.lastIndexOf('.') + 1)
const pathOf = (key: string) => (key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : '')

function columnList(what: string, value: string): string[] {
  return runParser(what, value, (s) => {
    const cols: string[] = []
    do {
      s.spaces()
      cols.push(fieldName(s))
      s.spaces()
    } while (s.eat(','))
    if (!s.done) s.fail(['","', 'end of input'])
    return cols
  })
}

/** `canonical`: the parameters sorted by name, for Content-Location. */
function canonical(search: URLSearchParams): string {
  const pairs = [...search].toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return new URLSearchParams(pairs).toString()
}

function ranges(search: URLSearchParams): Map<string, Range> {
  const out = new Map<string, Range>()
  for (const [key, value] of search) {
    const end = lastSegment(key)
    if ((end !== 'limit' && end !== 'offset') || !/^-?\d+$/.test(value.trim())) continue
    const path = pathOf(key)
    const r = out.get(path) ?? { offset: 0 }
    if (end === 'limit' && Number(value) < 0)
      throw new RestError(
        416,
        'PGRST103',
        'Requested range not satisfiable',
        'Limit should be greater than or equal to zero.',
      )
    if (end === 'limit') r.limit = Number(value)
    else r.offset = Math.max(0, Number(value))
    out.set(path, r)
  }
  return out
}

/** `isRpcRead`: GET /rpc/fn, where a parameter without an operator is an argument. */
export function parseQueryParams(search: URLSearchParams, isRpcRead: boolean): QueryParams {
  const q: QueryParams = {
    canonical: canonical(search),
    select: parseSelect(search.get('select') ?? '*'),
    filters: [],
    logic: [],
    order: [],
    ranges: ranges(search),
    rpcArgs: [],
  }
  const columns = search.get('columns')
  if (columns !== null) q.columns = columnList('columns parameter', columns)
  const onConflict = search.get('on_conflict')
  if (onConflict !== null) q.onConflict = columnList('on_conflict parameter', onConflict)
  for (const [key, value] of search) {
    const end = lastSegment(key)
    if (RESERVED.has(key) || value === '') continue
    if (end === 'order') {
      const path = parseTreePath(key).path
      q.order.push({ path, terms: parseOrder(value) })
    } else if (end === 'and' || end === 'or') {
      const segments = key.split('.')
      const negated = segments.includes('not')
      const path = segments.slice(0, -1).filter((p) => p !== 'not')
      q.logic.push({ path, tree: parseLogic(negated ? `not.${end}` : end, value) })
    } else if (!EMBEDDABLE.has(end)) {
      if (isRpcRead && !key.includes('.') && !hasOperator(value)) q.rpcArgs.push([key, value])
      else q.filters.push(parseFilter(key, value))
    }
  }
  return q
}

function hasOperator(value: string): boolean {
  try {
    parseFilterValue(value)
    return true
  } catch {
    return false
  }
}
