// `select=`: columns, aliases, casts, JSON paths, aggregates (`amount.sum()`, `count()`),
// embedded resources (`alias:rel!hint!inner(...)`) and spreads (`...rel(...)`).
import { field, fieldName, identifier, runParser, type Scanner } from './scanner.ts'
import type { AggregateFunction, SelectItem } from './types.ts'

const AGGREGATES: AggregateFunction[] = ['sum', 'avg', 'count', 'max', 'min']

export function parseSelect(text: string): SelectItem[] {
  return runParser('select parameter', text, (s) => {
    const items = forest(s)
    if (!s.done) s.fail(['","', 'end of input'])
    return items
  })
}

function forest(s: Scanner): SelectItem[] {
  s.spaces()
  if (s.done || s.peek() === ')') return []
  const items = [item(s)]
  for (;;) {
    s.spaces()
    if (!s.eat(',')) return items
    s.spaces()
    items.push(item(s))
  }
}

/** The first of `,`, `(` or `)` ahead, outside quotes: only `(` can start an embed. */
function nextDelimiter(s: Scanner): string {
  let quoted = false
  for (let i = s.pos; i < s.text.length; i++) {
    const ch = s.text[i]!
    if (ch === '"') quoted = !quoted
    else if (!quoted && (ch === ',' || ch === '(' || ch === ')')) return ch
  }
  return ''
}

function item(s: Scanner): SelectItem {
  const relation = nextDelimiter(s) === '(' ? s.attempt(() => relationHead(s)) : undefined
  if (relation) {
    s.expect('(')
    relation.children = forest(s)
    s.expect(')')
    s.spaces()
    return relation
  }
  return fieldItem(s)
}

/** An alias ends at a single `:` before any `,`, `(`, `)` (outside quotes). */
function hasAlias(s: Scanner): boolean {
  let quoted = false
  for (let i = s.pos; i < s.text.length; i++) {
    const ch = s.text[i]!
    if (ch === '"') quoted = !quoted
    else if (quoted) continue
    else if (ch === ':') return s.text[i + 1] !== ':'
    else if (ch === ',' || ch === '(' || ch === ')') return false
  }
  return false
}

function aliasPrefix(s: Scanner): string | undefined {
  if (!hasAlias(s)) return undefined
  return s.attempt(() => {
    const name = fieldName(s)
    if (s.peek() !== ':' || s.peek(1) === ':') s.fail(['":"'])
    s.pos++
    return name
  })
}

function relationHead(s: Scanner): SelectItem & { kind: 'relation' } {
  s.spaces()
  const spread = s.eat('...')
  const alias = spread ? undefined : aliasPrefix(s)
  const name = fieldName(s)
  if (!spread && name === 'count') s.fail([])
  let hint: string | undefined
  let joinType: 'inner' | 'left' | undefined
  for (let i = 0; i < 2 && s.eat('!'); i++) {
    const param = s.attempt(() => fieldName(s))
    if (param === 'inner' || param === 'left') joinType ??= param
    else if (param !== undefined) hint ??= param
    else s.fail(['field name (* or [a..z0..9_$])'])
  }
  if (s.peek() !== '(') s.fail(['"("'])
  return { kind: 'relation', name, alias, hint, joinType, spread, children: [] }
}

function fieldEnd(s: Scanner): void {
  s.spaces()
  if (!s.done && s.peek() !== ',' && s.peek() !== ')') s.fail(['"::"', '"."', '")"', '","', 'end of input'])
}

function fieldItem(s: Scanner): SelectItem {
  s.spaces()
  if (s.peek() === '*') {
    s.pos++
    fieldEnd(s)
    return { kind: 'field', field: { name: '*', jsonPath: [] } }
  }
  const counted = !s.text.includes('count()', s.pos)
    ? undefined
    : s.attempt(() => {
        const alias = aliasPrefix(s)
        s.expect('count()')
        const aggregateCast = s.eat('::') ? identifier(s) : undefined
        fieldEnd(s)
        return {
          kind: 'field' as const,
          field: { name: '*', jsonPath: [] },
          alias,
          aggregate: 'count' as const,
          aggregateCast,
        }
      })
  if (counted) return counted
  const alias = aliasPrefix(s)
  const f = field(s)
  const cast = s.eat('::') ? identifier(s) : undefined
  const aggregate =
    s.peek() !== '.'
      ? undefined
      : s.attempt(() => {
          s.expect('.')
          const fn = AGGREGATES.find((a) => s.startsWith(`${a}()`))
          if (!fn) s.fail(['aggregate (sum, avg, count, max, min)'])
          s.pos += fn.length + 2
          return fn
        })
  const aggregateCast = aggregate && s.eat('::') ? identifier(s) : undefined
  fieldEnd(s)
  return { kind: 'field', field: f, alias, cast, aggregate, aggregateCast }
}
