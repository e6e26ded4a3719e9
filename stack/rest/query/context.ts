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

/** The search path PostgREST sets: the request's schema, then db-extra-search-path (the
 * configuration's own array, so it is known by identity). */
const searchPaths = new WeakMap<string[], Map<string, string>>()
function searchPathOf(schema: string, extra: string[]): string {
  let bySchema = searchPaths.get(extra)
  if (!bySchema) searchPaths.set(extra, (bySchema = new Map()))
  let path = bySchema.get(schema)
  if (path === undefined) {
    path = [schema, ...extra.filter((s) => s !== schema)].map(qi).join(', ')
    bySchema.set(schema, path)
  }
  return path
}

export function contextStatement(c: RequestContext): Statement {
  // Name, value, name, value…: flat, as the statement's placeholders pair them.
  const values: string[] = ['search_path', searchPathOf(c.schema, c.extraSearchPath)]
  for (const [k, v] of c.roleSettings) values.push(k, v)
  values.push(
    'role',
    c.role,
    'request.jwt.claims',
    jsonOf(c.claims),
    'request.method',
    c.method,
    'request.path',
    c.path,
    'request.headers',
    JSON.stringify(c.headers),
    'request.cookies',
    JSON.stringify(c.cookies),
  )
  if (c.timezone) values.push('timezone', c.timezone)
  for (const [k, v] of c.functionSettings ?? []) values.push(k, v)
  return { text: textFor(values.length / 2), values }
}
