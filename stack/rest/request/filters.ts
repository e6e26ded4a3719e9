// Filters (`col=not.eq(any).{a,b}`), logic trees (`or=(a.eq.1,and(b.gt.2,c.is.null))`),
// `order=` terms and the embedding paths of query-string keys.
import { field, fieldName, identifier, jsonPath, quotedValue, runParser, type Scanner } from './scanner.ts'
import type {
  EmbedPath,
  Field,
  Filter,
  FtsOperator,
  IsValue,
  LogicTree,
  Operation,
  OrderTerm,
  QuantOperator,
  SimpleOperator,
} from './types.ts'

const SIMPLE: SimpleOperator[] = ['neq', 'cs', 'cd', 'ov', 'sl', 'sr', 'nxr', 'nxl', 'adj']
const QUANT: QuantOperator[] = ['eq', 'gte', 'gt', 'lte', 'lt', 'like', 'ilike', 'match', 'imatch']
const FTS: FtsOperator[] = ['fts', 'plfts', 'phfts', 'wfts']
const IS_VALUES: IsValue[] = ['null', 'not_null', 'true', 'false', 'unknown']

type ValueParser = (s: Scanner) => string
const restOfInput: ValueParser = (s) => {
  const v = s.text.slice(s.pos)
  s.pos = s.text.length
  return v
}

/** `a,"b,c",d` inside parentheses. */
function listValue(s: Scanner): string[] {
  s.spaces()
  s.expect('(')
  s.spaces()
  const items: string[] = []
  do {
    const quoted = s.attempt(() => {
      const v = quotedValue(s)
      if (!s.done && s.peek() !== ',' && s.peek() !== ')') s.fail(['","', '")"'])
      return v
    })
    if (quoted !== undefined) items.push(quoted)
    else {
      const start = s.pos
      while (!s.done && s.peek() !== ',' && s.peek() !== ')') s.pos++
      items.push(s.text.slice(start, s.pos))
    }
  } while (s.eat(','))
  s.expect(')')
  s.spaces()
  return items
}

function operatorWord(s: Scanner): string {
  const m = s.text.slice(s.pos).match(/^[a-z_]+/)
  return m ? m[0] : ''
}

export function operation(s: Scanner, value: ValueParser): { negate: boolean; operation: Operation } {
  const negate = s.eat('not.')
  const start = s.pos
  const word = operatorWord(s)
  const fail = () => s.fail(['"not"', 'operator (eq, gt, ...)'], start)
  s.pos += word.length
  if (word === 'in' && s.eat('.')) return { negate, operation: { kind: 'in', values: listValue(s) } }
  if (word === 'is' && s.eat('.')) {
    const v = IS_VALUES.find((x) => s.text.slice(s.pos, s.pos + x.length).toLowerCase() === x)
    if (!v) s.fail(['isVal: (null, not_null, true, false, unknown)'])
    s.pos += v.length
    return { negate, operation: { kind: 'is', value: v } }
  }
  if (word === 'isdistinct' && s.eat('.'))
    return { negate, operation: { kind: 'isdistinct', value: value(s) } }
  if ((FTS as string[]).includes(word)) {
    const language = s.eat('(') ? identifier(s) : undefined
    if (language !== undefined) s.expect(')')
    if (!s.eat('.')) fail()
    return { negate, operation: { kind: 'fts', op: word as FtsOperator, language, value: value(s) } }
  }
  if ((SIMPLE as string[]).includes(word) && s.eat('.'))
    return { negate, operation: { kind: 'simple', op: word as SimpleOperator, value: value(s) } }
  if ((QUANT as string[]).includes(word)) {
    let quantifier: 'any' | 'all' | undefined
    if (s.eat('(any)')) quantifier = 'any'
    else if (s.eat('(all)')) quantifier = 'all'
    if (!s.eat('.')) fail()
    return { negate, operation: { kind: 'quant', op: word as QuantOperator, quantifier, value: value(s) } }
  }
  return fail()
}

/** The value of a filter key: `eq.1`, `not.in.(1,2)`. */
export function parseFilterValue(value: string): { negate: boolean; operation: Operation } {
  return runParser('filter', value, (s) => operation(s, restOfInput))
}

/** A value inside a logic tree ends at `,` or `)` unless quoted or an array literal. */
const logicValue: ValueParser = (s) => {
  const quoted = s.attempt(() => {
    const v = quotedValue(s)
    if (!s.done && s.peek() !== ',' && s.peek() !== ')') s.fail(['","', '")"'])
    return v
  })
  if (quoted !== undefined) return quoted
  const array = s.text.slice(s.pos).match(/^\{[^{}]*\}/)
  if (array) {
    s.pos += array[0].length
    return array[0]
  }
  const start = s.pos
  while (!s.done && s.peek() !== ',' && s.peek() !== ')') s.pos++
  return s.text.slice(start, s.pos)
}

function logicTree(s: Scanner): LogicTree {
  const stmt = s.attempt((): LogicTree => {
    const f = field(s)
    s.expect('.')
    const { negate, operation: op } = operation(s, logicValue)
    return { kind: 'filter', filter: { field: f, negate, operation: op } }
  })
  if (stmt) return stmt
  const negate = s.eat('not.')
  const op = s.eat('and') ? 'and' : s.eat('or') ? 'or' : s.fail(['logic operator (and, or)'])
  s.spaces()
  s.expect('(')
  const children: LogicTree[] = []
  do {
    s.spaces()
    children.push(logicTree(s))
    s.spaces()
  } while (s.eat(','))
  s.expect(')')
  s.spaces()
  return { kind: 'expr', negate, op, children }
}

function wholeLogicTree(s: Scanner): LogicTree {
  const tree = logicTree(s)
  if (!s.done) s.fail(['","', 'end of input'])
  return tree
}

/** `or=(...)` with key `or` / `not.or` / `child.and`: the operator joins the value. */
export function parseLogic(op: string, value: string): LogicTree {
  return runParser('logic tree', value, wholeLogicTree, op + value)
}

export function parseOrder(value: string): OrderTerm[] {
  return runParser('order', value, (s) => {
    const terms: OrderTerm[] = []
    do terms.push(orderTerm(s))
    while (s.eat(','))
    if (!s.done) s.fail(['","', 'end of input'])
    return terms
  })
}

function orderTerm(s: Scanner): OrderTerm {
  s.spaces()
  const paren = s.text.indexOf('(', s.pos)
  const comma = s.text.indexOf(',', s.pos)
  const related =
    paren < 0 || (comma >= 0 && comma < paren)
      ? undefined
      : s.attempt(() => {
          const relation = fieldName(s)
          s.expect('(')
          const f = field(s)
          s.expect(')')
          return { relation, field: f }
        })
  const term: OrderTerm = related ?? { field: field(s) }
  if (s.eat('.asc')) term.direction = 'asc'
  else if (s.eat('.desc')) term.direction = 'desc'
  if (s.eat('.nullsfirst')) term.nulls = 'first'
  else if (s.eat('.nullslast')) term.nulls = 'last'
  s.spaces()
  if (!s.done && s.peek() !== ',') {
    if (s.peek() === '.') s.fail(['"asc"', '"desc"', '"nullsfirst"', '"nullslast"'], s.pos + 1)
    s.fail(['","', 'end of input'])
  }
  return term
}

/** `clients.projects.name->>x` → path ['clients','projects'], field name->>x. */
export function parseTreePath(key: string): { path: EmbedPath; field: Field } {
  return runParser('tree path', key, (s) => {
    const names = [fieldName(s)]
    while (s.eat('.')) names.push(fieldName(s))
    const json = jsonPath(s)
    if (!s.done) s.fail(['"->"', 'delimiter (.)', 'end of input'])
    return { path: names.slice(0, -1), field: { name: names.at(-1)!, jsonPath: json } }
  })
}

export function parseFilter(key: string, value: string): { path: EmbedPath; filter: Filter } {
  const { path, field: f } = parseTreePath(key)
  const { negate, operation: op } = parseFilterValue(value)
  return { path, filter: { field: f, negate, operation: op } }
}
