// The transaction a request runs in: its mode and isolation, the context statement built
// from the token, the request and the role's (and called function's) settings.
import type pg from 'pg'
import type { VerifiedToken } from '../../shared/jwt.ts'
import type { StackConfig } from '../../shared/config.ts'
import type { ApiRequest } from '../request/types.ts'
import type { Routine } from '../schema-cache/types.ts'
import { contextStatement } from '../query/context.ts'
import type { RoleSettings } from './settings.ts'
import type { Statement, TxPlan } from './run.ts'

/** Function settings PostgREST applies to the whole transaction (db-hoisted-tx-settings). */
const HOISTED = new Set([
  'statement_timeout',
  'plan_filter.statement_cost_limit',
  'default_transaction_isolation',
])

export interface TxInput {
  token: VerifiedToken
  req: ApiRequest
  roles: RoleSettings
  api: StackConfig['api']
  readOnly: boolean
  routine?: Routine
  statements: Statement[]
  check?: (results: pg.QueryResult[]) => Error | undefined
}

export function requestTransaction(t: TxInput): TxPlan {
  const { token, req } = t
  return {
    readOnly: t.readOnly,
    isolation: t.routine?.isolation ?? t.roles.isolation.get(token.role),
    context: contextStatement({
      schema: req.schema,
      extraSearchPath: t.api.extraSearchPath,
      role: token.role,
      claims: token.claims,
      roleSettings: t.roles.settings.get(token.role) ?? [],
      functionSettings: t.routine?.settings.filter(([k]) => HOISTED.has(k)),
      method: req.method,
      path: req.path,
      headers: req.headers,
      cookies: req.cookies,
      timezone: req.prefs.timezone,
    }),
    statements: t.statements,
    rollback: req.prefs.transaction === 'rollback',
    check: t.check,
  }
}
