// Splits a request's query string into PostgREST's parts, per embedding path:
// filters, logic trees, order, limit and offset; plus Prefer and Range headers.
import type { IncomingMessage } from 'node:http'
import { parseError } from './errors.ts'
import {
  parseField,
  parseLogic,
  parseOperation,
  parseOrder,
  type Condition,
  type OrderTerm,
} from './parse.ts'

export interface Modifiers {
  conditions: Condition[]
  order: OrderTerm[]
  limit?: number
  offset?: number
}

export interface ParsedQuery {
  select: string | null
  columns: string | null
  onConflict: string | null
  /** Keyed by embedding path ('' for the root, 'customer', 'customer.address'...). */
  byPath: Map<string, Modifiers>
  /** Query parameters that are not PostgREST syntax (RPC arguments on GET). */
  plain: Map<string, string>
}

const LOGIC = new Set(['or', 'and', 'not.or', 'not.and'])

function modifiers(map: Map<string, Modifiers>, path: string): Modifiers {
  let m = map.get(path)
  if (!m) map.set(path, (m = { conditions: [], order: [] }))
  return m
}

function nonNegative(v: string, what: string): number {
  if (!/^\d+$/.test(v))
    throw parseError(`"failed to parse ${what}" (${v})`, `${what} must be a non-negative integer`)
  return Number(v)
}

/** `rpcArgs`: names that are function arguments (GET /rpc/fn?arg=1), not filters. */
export function parseQuery(search: URLSearchParams, rpcArgs: Set<string> = new Set()): ParsedQuery {
  const out: ParsedQuery = {
    select: null,
    columns: null,
    onConflict: null,
    byPath: new Map(),
    plain: new Map(),
  }
  modifiers(out.byPath, '')
  for (const [rawKey, value] of search) {
    if (rawKey === 'select') out.select = value
    else if (rawKey === 'columns') out.columns = value
    else if (rawKey === 'on_conflict') out.onConflict = value
    else if (rpcArgs.has(rawKey)) out.plain.set(rawKey, value)
    else {
      const arrow = rawKey.indexOf('->')
      const head = arrow >= 0 ? rawKey.slice(0, arrow) : rawKey
      const tail = arrow >= 0 ? rawKey.slice(arrow) : ''
      const segments = head.split('.')
      // `not.or` / `not.and` are one segment.
      if (
        segments.length >= 2 &&
        segments[segments.length - 2] === 'not' &&
        LOGIC.has(`not.${segments.at(-1)}`)
      ) {
        segments.splice(-2, 2, `not.${segments.at(-1)}`)
      }
      const last = segments.pop()! + tail
      const m = modifiers(out.byPath, segments.join('.'))
      if (last === 'order') m.order.push(...parseOrder(value))
      else if (last === 'limit') m.limit = nonNegative(value, 'limit')
      else if (last === 'offset') m.offset = nonNegative(value, 'offset')
      else if (LOGIC.has(last)) {
        const negate = last.startsWith('not.')
        m.conditions.push(
          parseLogic(negate ? (last.slice(4) as 'or' | 'and') : (last as 'or' | 'and'), negate, value),
        )
      } else m.conditions.push(parseOperation(parseField(last), value))
    }
  }
  return out
}

export interface Preferences {
  return: 'minimal' | 'representation' | 'headers-only'
  count?: 'exact' | 'planned' | 'estimated'
  resolution?: 'merge-duplicates' | 'ignore-duplicates'
  missingDefault: boolean
  txRollback: boolean
}

export function parsePrefer(req: IncomingMessage): Preferences {
  const raw = ([] as string[]).concat(req.headers.prefer ?? []).join(',')
  const prefs: Preferences = { return: 'minimal', missingDefault: false, txRollback: false }
  for (const part of raw
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [k, v] = part.split('=').map((s) => s.trim())
    if (k === 'return' && (v === 'minimal' || v === 'representation' || v === 'headers-only'))
      prefs.return = v
    else if (k === 'count' && (v === 'exact' || v === 'planned' || v === 'estimated')) prefs.count = v
    else if (k === 'resolution' && (v === 'merge-duplicates' || v === 'ignore-duplicates'))
      prefs.resolution = v
    else if (k === 'missing' && v === 'default') prefs.missingDefault = true
    else if (k === 'tx' && v === 'rollback') prefs.txRollback = true
  }
  return prefs
}

/** `Range: 0-9` → offset/limit for the root (when no limit/offset parameters are given). */
export function applyRange(req: IncomingMessage, root: Modifiers): void {
  const m = typeof req.headers.range === 'string' ? req.headers.range.match(/^(\d+)-(\d*)$/) : null
  if (!m) return
  const from = Number(m[1])
  root.offset ??= from
  if (m[2] !== '' && root.limit === undefined) root.limit = Math.max(0, Number(m[2]) - from + 1)
}
