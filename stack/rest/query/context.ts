// The request context as PostgREST sets it, in one statement: search path, the role's own
// settings (before the role, so GRANT SET to authenticator is enough), the role, the
// claims and the request's method, path, headers and cookies; every value bound.
import type { Statement } from '../db/run.ts'
import { Params, qi } from './ident.ts'

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

export function contextStatement(c: RequestContext): Statement {
  const p = new Params()
  const set = (name: string, value: string) => `set_config(${p.add(name)}, ${p.add(value)}, true)`
  const searchPath = [c.schema, ...c.extraSearchPath.filter((s) => s !== c.schema)].map(qi).join(', ')
  const parts = [
    set('search_path', searchPath),
    ...c.roleSettings.map(([k, v]) => set(k, v)),
    set('role', c.role),
    set('request.jwt.claims', JSON.stringify(c.claims)),
    set('request.method', c.method),
    set('request.path', c.path),
    set('request.headers', JSON.stringify(c.headers)),
    set('request.cookies', JSON.stringify(c.cookies)),
    ...(c.timezone ? [set('timezone', c.timezone)] : []),
    ...(c.functionSettings ?? []).map(([k, v]) => set(k, v)),
  ]
  return { text: `select ${parts.join(', ')}`, values: p.values }
}
