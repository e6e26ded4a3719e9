// The REST API (PostgREST-compatible) under /rest/v1, with RLS enforced by Postgres.
import type { Service, StackContext } from '../shared/service.ts'
import { sendJson } from '../shared/http.ts'
import { createCacheKeeper } from './cache.ts'
import { handleRest } from './handler.ts'
import { RestError, fromPostgres, isPgError } from './errors.ts'
import { openApi } from './openapi.ts'
import { firstHeader } from '../shared/http.ts'

export function createRestService(ctx: StackContext): Service {
  const log = ctx.log.child('rest')
  const keeper = createCacheKeeper(ctx)
  return {
    name: 'rest',
    prefix: '/rest/v1',
    start: () => keeper.start(),
    stop: () => keeper.stop(),
    async handle(req, res, path) {
      try {
        if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
          const schema = firstHeader(req, 'accept-profile') ?? ctx.config.api.schemas[0]!
          return sendJson(res, 200, openApi(keeper.current(), schema, firstHeader(req, 'host') ?? ''), {
            'content-type': 'application/openapi+json; charset=utf-8',
          })
        }
        const reply = await handleRest(ctx, keeper, req, path)
        res.writeHead(reply.status, reply.headers)
        res.end(reply.body)
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
