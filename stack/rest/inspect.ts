// GET /rest/v1/: as on hosted Supabase since 2026, only the service role may read the spec;
// like PostgREST (openapi-mode follow-privileges) it lists what that role can reach, asked
// as that role inside the request's own transaction.
import type { IncomingMessage } from 'node:http'
import type { VerifiedToken } from '../shared/jwt.ts'
import { firstHeader } from '../shared/http.ts'
import { apiKeyRole } from './auth.ts'
import { runTransaction } from './db/run.ts'
import { requestTransaction } from './db/request-tx.ts'
import type { RestDeps } from './deps.ts'
import { openApi } from './openapi.ts'
import { accessibleFunctions, accessibleTables, schemaDescription } from './query/inspect.ts'
import type { ApiRequest } from './request/types.ts'
import type { Reply } from './respond.ts'

export async function inspect(
  deps: RestDeps,
  http: IncomingMessage,
  req: ApiRequest,
  token: VerifiedToken,
): Promise<Reply> {
  const keyRole = firstHeader(http, 'apikey') ? await apiKeyRole(deps.verifier, http) : token.role
  if (token.role !== 'service_role' || keyRole !== 'service_role')
    return {
      status: 401,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({
        message: 'Invalid API key',
        hint: 'Only the `service_role` API key can be used for this endpoint.',
      }),
    }
  const statements = [
    accessibleTables(req.schema),
    accessibleFunctions(req.schema),
    schemaDescription(req.schema),
  ]
  const tx = requestTransaction({
    token,
    req,
    roles: deps.keeper.config().roles,
    api: deps.api,
    readOnly: true,
    statements,
  })
  const [tables, functions, description] = await runTransaction(deps.pool, tx)
  const doc = openApi(deps.keeper.current(), req.schema, firstHeader(http, 'host') ?? '', {
    tables: new Set(tables!.rows.map((r: { name: string }) => r.name)),
    functions: new Set(functions!.rows.map((r: { name: string }) => r.name)),
    description: (description!.rows[0] as { description: string | null } | undefined)?.description ?? null,
  })
  const headers: Record<string, string> = { 'content-type': 'application/openapi+json; charset=utf-8' }
  if (req.negotiatedByProfile) headers['content-profile'] = req.schema
  return { status: 200, headers, body: req.method === 'HEAD' ? undefined : JSON.stringify(doc) }
}
