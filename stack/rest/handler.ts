// One REST request through PostgREST's stages: read the request, plan it against the
// schema cache, build its statements, run them in one transaction as the caller's role,
// respond. Dispatch only: each stage lives in its own module.
import type { IncomingMessage } from 'node:http'
import { authenticate } from './auth.ts'
import { runTransaction } from './db/run.ts'
import { requestTransaction } from './db/request-tx.ts'
import type { RestDeps } from './deps.ts'
import { fromPostgres, isPgError } from './errors.ts'
import { inspect } from './inspect.ts'
import { checkResults, mustCheckBeforeCommit, respond, type Reply } from './respond.ts'
import { stages } from './stages.ts'

export async function handleRest(deps: RestDeps, http: IncomingMessage, path: string): Promise<Reply> {
  const token = await authenticate(deps.verifier, http)
  try {
    const maxRows = deps.keeper.config().db.maxRows ?? deps.api.maxRows
    const { req, action, built } = await stages(deps, http, path, maxRows)
    if (req.target.kind === 'root') return await inspect(deps, http, req, token)
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
