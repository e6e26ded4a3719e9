// The REST API (PostgREST-compatible) under /rest/v1, with RLS enforced by Postgres.
import type { Service, StackContext } from '../shared/service.ts'
import { sendJson } from '../shared/http.ts'
import { createCacheKeeper } from './cache.ts'
import { createRestPool } from './db/pool.ts'
import type { RestDeps } from './deps.ts'
import { RestError, fromPostgres, isPgError } from './errors.ts'
import { handleRest } from './handler.ts'
import { createPlanCache } from './plan-cache.ts'

export function createRestService(ctx: StackContext): Service {
  const log = ctx.log.child('rest')
  let stopping = false
  // Idle connections may hear the server shut down before they finish saying goodbye.
  const pool = createRestPool(ctx.adminDatabaseUrl, ctx.config.rest, (err) => {
    if (!stopping) log.warn('idle REST connection failed', err)
  })
  const keeper = createCacheKeeper(ctx, pool)
  const deps: RestDeps = {
    verifier: ctx.verifier,
    api: ctx.config.api,
    keeper,
    pool,
    log,
    plans: createPlanCache(),
  }
  return {
    name: 'rest',
    prefix: '/rest/v1',
    start: () => keeper.start(),
    async stop() {
      stopping = true
      await keeper.stop()
      await pool.end()
    },
    async handle(req, res, path) {
      try {
        const reply = await handleRest(deps, req, path)
        // With its length given, the body goes without chunk framing (writeHead with no
        // length would choose chunked encoding, which both ends then pay for).
        const body = reply.body === undefined ? undefined : Buffer.from(reply.body)
        const headers = body ? { ...reply.headers, 'content-length': String(body.length) } : reply.headers
        res.writeHead(reply.status, headers)
        res.end(body)
      } catch (err) {
        const e = err instanceof RestError ? err : isPgError(err) ? fromPostgres(err, true) : undefined
        if (!e) {
          log.error(`${req.method} ${path} failed`, err)
          return sendJson(res, 500, {
            code: 'PGRST000',
            details: null,
            hint: null,
            message: 'Internal error; see the stack log',
          })
        }
        if (e.status >= 500) log.warn(`${req.method} ${path}: ${e.code} ${e.message}`)
        sendJson(res, e.status, e.body(), e.headers)
      }
    },
  }
}
