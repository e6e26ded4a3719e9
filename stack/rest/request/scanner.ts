// The pieces every query-string parser shares: a cursor over the text, field names, JSON
// paths and quoted values as PostgREST's grammar has them, and its PGRST100 error shape
// (`"failed to parse filter (x)" (line 1, column N)`, details `unexpected … expecting …`).
import { RestError } from '../errors.ts'
import type { Field, JsonStep } from './types.ts'

export class ParseFailure extends Error {
  constructor(
    readonly column: number,
    readonly details: string,
  ) {
    super(details)
  }
}

const IDENT = /[\p{L}\p{N}_ $]/u

export class Scanner {
  pos = 0
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length
  }
  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? ''
  }
  startsWith(token: string): boolean {
    return this.text.startsWith(token, this.pos)
  }
  eat(token: string): boolean {
    if (!this.startsWith(token)) return false
    this.pos += token.length
    return true
  }
  expect(token: string): void {
    if (!this.eat(token)) this.fail([`"${token}"`])
  }
  spaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++
  }
  /** Tries `parse`; on failure rewinds and returns undefined (Parsec's `try`). */
  attempt<T>(parse: () => T): T | undefined {
    const start = this.pos
    try {
      return parse()
    } catch (err) {
      if (!(err instanceof ParseFailure)) throw err
      this.pos = start
      return undefined
    }
  }
  fail(expected: string[], at = this.pos): never {
    const ch = this.text[at]
    const unexpected = ch === undefined ? 'end of input' : `"${ch}"`
    const expecting = expected.length ? ` expecting ${orList(expected)}` : ''
    throw new ParseFailure(at + 1, `unexpected ${unexpected}${expecting}`)
  }
}

const orList = (xs: string[]) => (xs.length === 1 ? xs[0]! : `${xs.slice(0, -1).join(', ')} or ${xs.at(-1)}`)

/** Runs a parser over `text` (default: the input) and turns failure into PGRST100. */
export function runParser<T>(what: string, input: string, parse: (s: Scanner) => T, text = input): T {
  try {
    return parse(new Scanner(text))
  } catch (err) {
    if (!(err instanceof ParseFailure)) throw err
    throw new RestError(
      400,
      'PGRST100',
      `"failed to parse ${what} (${input})" (line 1, column ${err.column})`,
      err.details,
    )
  }
}

/** `"quoted \" value"`: backslash escapes the next character. */
export function quotedValue(s: Scanner): string {
  s.expect('"')
  let out = ''
  for (;;) {
    const ch = s.peek()
    if (ch === '') s.fail(['"\\""'])
    s.pos++
    if (ch === '"') return out
    if (ch === '\\') {
      if (s.done) s.fail([])
      out += s.peek()
      s.pos++
    } else out += ch
  }
}

function sepByDash(s: Scanner, part: () => string): string {
  const parts = [part()]
  while (s.peek() === '-' && s.peek(1) !== '>') {
    s.pos++
    parts.push(part())
  }
  return parts.join('-')
}

function identifierRun(s: Scanner, ok: (ch: string) => boolean): string {
  const start = s.pos
  while (!s.done && ok(s.peek())) s.pos++
  if (s.pos === start) s.fail(['field name (* or [a..z0..9_$])'])
  return s.text.slice(start, s.pos).trim()
}

/** Letters, digits, `_`, `$`, spaces and inner dashes; or a quoted name. */
export function fieldName(s: Scanner): string {
  if (s.peek() === '"') return quotedValue(s)
  return sepByDash(s, () => identifierRun(s, (c) => IDENT.test(c)))
}

/** A cast or aggregate cast: `::text`. */
export function identifier(s: Scanner): string {
  const start = s.pos
  while (!s.done && IDENT.test(s.peek())) s.pos++
  if (s.pos === start) s.fail(['letter or digit'])
  return s.text.slice(start, s.pos).trim()
}

const INDEX_END = ['->', '::', '.', ',', ')']

function jsonStep(s: Scanner, arrow: '->' | '->>'): JsonStep {
  const digits = /^-?\d/.test(s.text.slice(s.pos, s.pos + 2))
  const index = !digits
    ? undefined
    : s.attempt(() => {
        const m = s.text.slice(s.pos).match(/^-?\d+/)
        if (!m) s.fail(['digit'])
        s.pos += m[0].length
        if (!s.done && !INDEX_END.some((t) => s.startsWith(t)))
          s.fail(['digit', '"->"', '"::"', '"."', '","'])
        return m[0]
      })
  if (index !== undefined) return { arrow, key: index, index: true }
  if (s.peek() === '"') return { arrow, key: quotedValue(s), index: false }
  const key = sepByDash(s, () => identifierRun(s, (c) => !'(-:.,>)'.includes(c)))
  return { arrow, key, index: false }
}

export function jsonPath(s: Scanner): JsonStep[] {
  const steps: JsonStep[] = []
  for (;;) {
    if (s.eat('->>')) steps.push(jsonStep(s, '->>'))
    else if (s.eat('->')) steps.push(jsonStep(s, '->'))
    else return steps
  }
}

/** A column with an optional JSON path, spaces around allowed. */
export function field(s: Scanner): Field {
  s.spaces()
  const name = fieldName(s)
  const path = jsonPath(s)
  s.spaces()
  return { name, jsonPath: path }
}
