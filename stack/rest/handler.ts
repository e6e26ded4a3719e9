// One REST request through PostgREST's stages: read the request, plan it against the
// schema cache, build its statements, run them in one transaction as the caller's role,
// respond. Dispatch only: each stage lives in its own module.
import type { IncomingMessage } from 'node:http'
import { BodyTooLargeError, readBody } from '../shared/http.ts'
import { authenticate } from './auth.ts'
import { runTransaction } from './db/run.ts'
import { requestTransaction } from './db/request-tx.ts'
import type { RestDeps } from './deps.ts'
import { RestError, fromPostgres, isPgError } from './errors.ts'
import { inspect } from './inspect.ts'
import { actionPlan, type ActionPlan } from './plan/plan.ts'
import { buildStatements } from './query/build.ts'
import { parseApiRequest } from './request/api-request.ts'
import type { ApiRequest } from './request/types.ts'
import { checkResults, mustCheckBeforeCommit, respond, type Reply } from './respond.ts'
import type { SchemaCache } from './schema-cache/types.ts'

export const BODY_LIMIT = 8 * 1024 * 1024

/** Names missing from the cache may be DDL it has not seen yet: refresh once and replan. */
const MISSES = new Set(['PGRST200', 'PGRST202', 'PGRST204', 'PGRST205'])

async function body(http: IncomingMessage): Promise<Buffer> {
  if (!['POST', 'PATCH', 'PUT'].includes(http.method ?? '')) return Buffer.alloc(0)
  try {
    return await readBody(http, BODY_LIMIT)
  } catch (err) {
    if (!(err instanceof BodyTooLargeError)) throw err
    throw new RestError(413, 'PGRST413', `Request body is larger than ${BODY_LIMIT} bytes`, null, null, {
      connection: 'close',
    })
  }
}

async function plan(deps: RestDeps, req: ApiRequest, maxRows: number): Promise<ActionPlan> {
  const { db } = deps.keeper.config()
  const make = (cache: SchemaCache) =>
    actionPlan(
      {
        cache,
        schema: req.schema,
        maxRows,
        aggregatesEnabled: db.aggregatesEnabled,
        planEnabled: db.planEnabled,
      },
      req,
    )
  try {
    return make(deps.keeper.current())
  } catch (err) {
    if (!(err instanceof RestError) || !MISSES.has(err.code)) throw err
    return make(await deps.keeper.refreshAfterMiss())
  }
}

export async function handleRest(deps: RestDeps, http: IncomingMessage, path: string): Promise<Reply> {
  const token = await authenticate(deps.verifier, http)
  try {
    const url = new URL(http.url ?? '/', 'http://rest.local')
    const raw = {
      method: http.method ?? 'GET',
      path,
      search: url.search,
      headers: http.headers,
      body: await body(http),
    }
    const req = parseApiRequest(raw, {
      schemas: deps.api.schemas,
      timezones: deps.keeper.current().timezones,
    })
    if (req.target.kind === 'root') return await inspect(deps, http, req, token)
    const maxRows = deps.keeper.config().db.maxRows ?? deps.api.maxRows
    const action = await plan(deps, req, maxRows)
    const built = buildStatements(action, req, maxRows)
    const tx = requestTransaction({
      token,
      req,
      roles: deps.keeper.config().roles,
      api: deps.api,
      readOnly: action.tx === 'read',
      routine: action.kind === 'call' ? action.routine : undefined,
      statements: built.planned ? [built.main, built.planned] : [built.main],
      check: mustCheckBeforeCommit(action, req) ? (results) => checkResults(action, req, results) : undefined,
    })
    return respond(action, req, await runTransaction(deps.pool, tx), maxRows)
  } catch (err) {
    throw isPgError(err) ? fromPostgres(err, token.role === 'anon') : err
  }
}
