// Parsing PostgREST's query language: `select`, filters (`col=op.value`, `or=(...)`),
// `order`, and `in`/`cs` list values. Pure: names are checked against the schema cache later.
import { parseError } from './errors.ts'

export interface Field {
  type: 'field'
  name: string
  /** JSON path after the column: `data->a->>b` is [['->','a'], ['->>','b']]. */
  path: Array<['->' | '->>', string]>
  alias?: string
  cast?: string
}

export interface Embed {
  type: 'embed'
  name: string
  alias?: string
  hint?: string
  inner: boolean
  select: SelectItem[]
}

export type SelectItem = Field | { type: 'star' } | Embed

export interface Filter {
  type: 'filter'
  field: Field
  negate: boolean
  op: string
  modifier?: string
  value: string
}

export interface Logic {
  type: 'logic'
  op: 'and' | 'or'
  negate: boolean
  children: Condition[]
}

export type Condition = Filter | Logic

export interface OrderTerm {
  /** For `order=embed(col)`: the embed name. */
  relation?: string
  field: Field
  desc: boolean
  nulls?: 'first' | 'last'
}

const IDENT = /^[\p{L}\p{N}_$]+$/u

/** Splits on `sep` at depth 0, respecting parentheses and double quotes. */
export function splitTop(s: string, sep = ','): string[] {
  const out: string[] = []
  let depth = 0
  let quoted = false
  let cur = ''
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!
    if (ch === '"' && s[i - 1] !== '\\') quoted = !quoted
    if (!quoted && ch === '(') depth++
    if (!quoted && ch === ')') depth--
    if (depth < 0) throw parseError(`"failed to parse" (${s})`, 'unexpected ")"')
    if (!quoted && depth === 0 && ch === sep) {
      out.push(cur)
      cur = ''
    } else cur += ch
  }
  if (depth !== 0 || quoted) throw parseError(`"failed to parse" (${s})`, 'unbalanced parentheses or quotes')
  out.push(cur)
  return out
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/\\(.)/g, '$1') : s
}

function checkName(name: string, what: string): string {
  if (!name || (!IDENT.test(name) && !/^"[^"]+"$/.test(name)))
    throw parseError(`"failed to parse ${what}" (${name})`)
  return unquote(name)
}

/** `col`, `col::type`, `data->a->>b`, quoted names. */
export function parseField(raw: string): Field {
  let s = raw.trim()
  let cast: string | undefined
  const castAt = s.lastIndexOf('::')
  if (castAt > 0) {
    cast = s.slice(castAt + 2)
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*(\[\])?$/.test(cast)) throw parseError(`"failed to parse cast" (${cast})`)
    s = s.slice(0, castAt)
  }
  const parts = s.split(/(->>|->)/)
  const name = checkName(parts[0]!, 'column')
  const path: Field['path'] = []
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i + 1]
    if (!k) throw parseError(`"failed to parse json path" (${raw})`)
    path.push([parts[i] as '->' | '->>', unquote(k)])
  }
  return { type: 'field', name, path, cast }
}

function parseItem(raw: string): SelectItem {
  let s = raw.trim()
  if (s === '*') return { type: 'star' }
  let alias: string | undefined
  const aliasMatch = s.match(/^([^:()"]+|"[^"]+"):(?!:)/)
  if (aliasMatch) {
    alias = checkName(aliasMatch[1]!, 'alias')
    s = s.slice(aliasMatch[0].length)
  }
  const open = s.indexOf('(')
  if (open >= 0) {
    if (!s.endsWith(')')) throw parseError(`"failed to parse select parameter" (${raw})`)
    const head = s.slice(0, open).split('!')
    const name = checkName(head[0]!, 'embedded resource')
    let inner = false
    let hint: string | undefined
    for (const h of head.slice(1)) {
      if (h === 'inner') inner = true
      else if (h === 'left') inner = false
      else hint = checkName(h, 'hint')
    }
    return { type: 'embed', name, alias, hint, inner, select: parseSelect(s.slice(open + 1, -1)) }
  }
  const field = parseField(s)
  return { ...field, alias: alias ?? field.alias }
}

export function parseSelect(s: string | null): SelectItem[] {
  if (s === null || s.trim() === '') return [{ type: 'star' }]
  return splitTop(s).map(parseItem)
}

const OPS = new Set([
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'like',
  'ilike',
  'match',
  'imatch',
  'is',
  'isdistinct',
  'in',
  'cs',
  'cd',
  'ov',
  'sl',
  'sr',
  'nxl',
  'nxr',
  'adj',
  'fts',
  'plfts',
  'phfts',
  'wfts',
])

/** The right-hand side of a filter: `[not.]op[(modifier)].value`. */
export function parseOperation(field: Field, rhs: string): Filter {
  let rest = rhs
  let negate = false
  if (rest.startsWith('not.')) {
    negate = true
    rest = rest.slice(4)
  }
  const m = rest.match(/^([a-z]+)(?:\(([^)]*)\))?\.([\s\S]*)$/)
  if (!m || !OPS.has(m[1]!)) {
    throw parseError(
      `"failed to parse filter (${rhs})" (line 1, column 1)`,
      'unexpected or unknown operator; expected e.g. eq., neq., gt., in., is.',
    )
  }
  return { type: 'filter', field, negate, op: m[1]!, modifier: m[2] || undefined, value: m[3]! }
}

/** `or=(a.eq.1,and(b.gt.2,c.lt.3))` → a Logic tree. */
export function parseLogic(op: 'and' | 'or', negate: boolean, value: string): Logic {
  if (!value.startsWith('(') || !value.endsWith(')'))
    throw parseError(`"failed to parse logic tree (${value})" (line 1, column 1)`, 'expected "("')
  const children = splitTop(value.slice(1, -1)).map((part): Condition => {
    const m = part.match(/^(not\.)?(and|or)(\(.*\))$/s)
    if (m) return parseLogic(m[2] as 'and' | 'or', !!m[1], m[3]!)
    const dot = firstDotOutsideField(part)
    if (dot < 0) throw parseError(`"failed to parse logic tree (${value})" (line 1, column 1)`)
    return parseOperation(parseField(part.slice(0, dot)), part.slice(dot + 1))
  })
  return { type: 'logic', op, negate, children }
}

/** In `a.eq.1` or `data->>x.eq.1`, the dot that ends the column. */
function firstDotOutsideField(s: string): number {
  let quoted = false
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '"') quoted = !quoted
    if (!quoted && s[i] === '.') return i
  }
  return -1
}

/** `in.(a,"b,c")` list items. */
export function parseList(value: string): string[] {
  if (!value.startsWith('(') || !value.endsWith(')'))
    throw parseError(`"failed to parse list (${value})"`, 'expected a list such as (1,2,3)')
  const inner = value.slice(1, -1)
  if (inner === '') return []
  return splitTop(inner).map((v) => unquote(v.trim()))
}

export function parseOrder(value: string): OrderTerm[] {
  return splitTop(value).map((term) => {
    const parts = term.split('.')
    let head = parts.shift()!
    let relation: string | undefined
    const rel = head.match(/^([^()]+)\(([^()]+)\)$/)
    if (rel) {
      relation = checkName(rel[1]!, 'order')
      head = rel[2]!
    }
    const t: OrderTerm = { relation, field: parseField(head), desc: false }
    for (const p of parts) {
      if (p === 'asc') t.desc = false
      else if (p === 'desc') t.desc = true
      else if (p === 'nullsfirst') t.nulls = 'first'
      else if (p === 'nullslast') t.nulls = 'last'
      else
        throw parseError(
          `"failed to parse order (${value})" (line 1, column 1)`,
          'expected asc, desc, nullsfirst or nullslast',
        )
    }
    return t
  })
}
