// The stages before the database, for one request: read the HTTP request (its body bounded),
// plan it against the schema cache (refreshed once when a name is missing: it may be DDL
// the cache has not seen yet), build its statements; GET shapes come from the plan cache.
import type { IncomingMessage } from 'node:http'
import { BodyTooLargeError, readBody } from '../shared/http.ts'
import type { RestDeps } from './deps.ts'
import { RestError } from './errors.ts'
import { planKey, weigh, type Planned } from './plan-cache.ts'
import { actionPlan, type ActionPlan } from './plan/plan.ts'
import { buildStatements } from './query/build.ts'
import { cookiesOf, headersOf, parseApiRequest } from './request/api-request.ts'
import type { ApiRequest } from './request/types.ts'
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

/** Read, plan and build — or take them from the plan cache for a known GET shape. */
export async function stages(
  deps: RestDeps,
  http: IncomingMessage,
  path: string,
  maxRows: number,
): Promise<Planned> {
  const key = planKey(deps.keeper.generation(), http, path)
  const hit = key ? deps.plans.get(key) : undefined
  if (hit)
    return {
      ...hit,
      req: { ...hit.req, headers: headersOf(http.headers), cookies: cookiesOf(http.headers.cookie) },
    }
  const url = new URL(http.url ?? '/', 'http://rest.local')
  const raw = {
    method: http.method ?? 'GET',
    path,
    search: url.search,
    headers: http.headers,
    body: await body(http),
  }
  const req = parseApiRequest(raw, { schemas: deps.api.schemas, timezones: deps.keeper.current().timezones })
  if (req.target.kind === 'root') return { req } as Planned
  const action = await plan(deps, req, maxRows)
  const planned = { req, action, built: buildStatements(action, req, maxRows) }
  if (key) deps.plans.set(key, planned, weigh(planned))
  return planned
}
