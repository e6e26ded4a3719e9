// The request context as PostgREST sets it, in one statement: search path, the role's own
// settings (before the role, so GRANT SET to authenticator is enough), the role, the
// claims and the request's method, path, headers and cookies; every value bound.
import type { Statement } from '../db/run.ts'
import { qi } from './ident.ts'

export interface RequestContext {
  schema: string
  extraSearchPath: string[]
  role: string
  claims: Record<string, unknown>
  roleSettings: Array<[string, string]>
  /** Hoisted settings of the called function (statement_timeout...). */
  functionSettings?: Array<[string, string]>
  method: string
  path: string
  headers: Record<string, string>
  cookies: Record<string, string>
  timezone?: string
}

/** The statement text depends only on how many settings it sets. */
const texts: string[] = []
function textFor(count: number): string {
  if (!texts[count]) {
    const calls = Array.from({ length: count }, (_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`)
    texts[count] = `select ${calls.join(', ')}`
  }
  return texts[count]
}

/** Claims come from the verified-token cache, the same object for every request a token makes. */
const claimsJson = new WeakMap<object, string>()
function jsonOf(claims: Record<string, unknown>): string {
  let json = claimsJson.get(claims)
  if (json === undefined) claimsJson.set(claims, (json = JSON.stringify(claims)))
  return json
}

export function contextStatement(c: RequestContext): Statement {
  const values: string[] = []
  const set = (name: string, value: string) => values.push(name, value)
  set('search_path', [c.schema, ...c.extraSearchPath.filter((s) => s !== c.schema)].map(qi).join(', '))
  for (const [k, v] of c.roleSettings) set(k, v)
  set('role', c.role)
  set('request.jwt.claims', jsonOf(c.claims))
  set('request.method', c.method)
  set('request.path', c.path)
  set('request.headers', JSON.stringify(c.headers))
  set('request.cookies', JSON.stringify(c.cookies))
  if (c.timezone) set('timezone', c.timezone)
  for (const [k, v] of c.functionSettings ?? []) set(k, v)
  return { text: textFor(values.length / 2), values }
}
