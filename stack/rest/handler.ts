// One REST request: who is calling, which schema, then read / write / call inside one
// transaction with the caller's role and claims set as PostgREST sets them.
import type { IncomingMessage } from 'node:http'
import type pg from 'pg'
import type { StackContext } from '../shared/service.ts'
import { bearerToken, TokenError, type VerifiedToken } from '../shared/jwt.ts'
import { firstHeader, readBody, BodyTooLargeError } from '../shared/http.ts'
import { RestError, fromPostgres, isPgError, notOneRow, unknownRelation } from './errors.ts'
import { parseSelect } from './parse.ts'
import { applyRange, parsePrefer, parseQuery, type ParsedQuery, type Preferences } from './request.ts'
import { aggregateSql, countSql, nodeSql, type ReadContext } from './read.ts'
import { bodyRows, deleteSql, insertSql, parseColumnsParam, updateSql } from './write.ts'
import { callSql, findFunction } from './rpc.ts'
import { key, type Relation, type SchemaCache } from './schema-cache.ts'
import { Params, relationSource } from './sql.ts'
import type { CacheKeeper } from './cache.ts'
import { runTransaction, withTransaction } from './db/run.ts'
import { accessibleFunctions, accessibleTables, schemaDescription } from './query/inspect.ts'
import { openApi } from './openapi.ts'
import { contextStatement } from './query/context.ts'

export const BODY_LIMIT = 8 * 1024 * 1024

export interface Reply {
  status: number
  body?: string
  headers: Record<string, string>
}

interface Call {
  req: IncomingMessage
  method: string
  schema: string
  path: string
  query: URLSearchParams
  prefs: Preferences
  single: boolean
  csv: boolean
  stripNulls: boolean
  token: VerifiedToken
}

async function authenticate(ctx: StackContext, req: IncomingMessage): Promise<VerifiedToken> {
  const token = bearerToken(firstHeader(req, 'authorization')) ?? firstHeader(req, 'apikey')
  if (!token) return { role: 'anon', claims: { role: 'anon' } }
  try {
    return await ctx.verifier.verify(token)
  } catch (err) {
    if (!(err instanceof TokenError)) throw err
    if (err.reason === 'expired')
      throw new RestError(401, 'PGRST303', 'JWT expired', null, null, {
        'www-authenticate': 'Bearer error="invalid_token", error_description="JWT expired"',
      })
    throw new RestError(
      401,
      'PGRST301',
      err.reason === 'bad_role' ? 'JWT role is not an API role' : 'No suitable key or wrong key type',
      null,
      null,
      {
        'www-authenticate': 'Bearer error="invalid_token"',
      },
    )
  }
}

function pickSchema(ctx: StackContext, req: IncomingMessage, method: string): string {
  const header = firstHeader(
    req,
    method === 'GET' || method === 'HEAD' ? 'accept-profile' : 'content-profile',
  )
  const schemas = ctx.config.api.schemas
  if (!header) return schemas[0]!
  if (!schemas.includes(header))
    throw new RestError(406, 'PGRST106', `The schema must be one of the following: ${schemas.join(', ')}`)
  return header
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  let raw: Buffer
  try {
    raw = await readBody(req, BODY_LIMIT)
  } catch (err) {
    if (err instanceof BodyTooLargeError)
      throw new RestError(413, 'PGRST413', `Request body is larger than ${BODY_LIMIT} bytes`, null, null, {
        connection: 'close',
      })
    throw err
  }
  if (raw.length === 0) return {}
  try {
    return JSON.parse(raw.toString('utf8'))
  } catch (err) {
    throw new RestError(400, 'PGRST102', 'Empty or invalid json', (err as Error).message)
  }
}

function contentRange(offset: number, n: number, total: number | undefined): string {
  const range = n > 0 ? `${offset}-${offset + n - 1}` : '*'
  return `${range}/${total ?? '*'}`
}

function toCsv(json: string): string {
  const rows = JSON.parse(json) as Array<Record<string, unknown>>
  if (!rows.length) return ''
  const cols = Object.keys(rows[0]!)
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return ''
    const s = typeof v === 'object' ? JSON.stringify(v) : String(v)
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n')
}

interface Result {
  body: string
  one: string | null
  n: number
}

function replyRows(call: Call, r: Result, status: number, headers: Record<string, string>): Reply {
  if (call.single) {
    if (r.n !== 1) throw notOneRow(r.n)
    return {
      status,
      body: r.one ?? 'null',
      headers: { ...headers, 'content-type': 'application/vnd.pgrst.object+json; charset=utf-8' },
    }
  }
  if (call.csv)
    return { status, body: toCsv(r.body), headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' } }
  return { status, body: r.body, headers: { ...headers, 'content-type': 'application/json; charset=utf-8' } }
}

async function lookupRelation(
  keeper: CacheKeeper,
  schema: string,
  name: string,
): Promise<{ cache: SchemaCache; rel: Relation }> {
  let cache = keeper.current()
  let rel = cache.relations.get(key(schema, name))
  if (!rel) {
    cache = await keeper.refreshAfterMiss()
    rel = cache.relations.get(key(schema, name))
  }
  if (!rel) throw unknownRelation(schema, name)
  return { cache, rel }
}

function readContext(ctx: StackContext, cache: SchemaCache, schema: string, q: ParsedQuery): ReadContext {
  let n = 0
  return {
    cache,
    schema,
    params: new Params(),
    byPath: q.byPath,
    maxRows: ctx.config.api.maxRows,
    next: () => ++n,
  }
}

async function runRows(db: pg.PoolClient, sql: string, values: unknown[]): Promise<Result> {
  const { rows } = await db.query<{ body: string; one: string | null; n: string }>(sql, values)
  return { body: rows[0]!.body, one: rows[0]!.one, n: Number(rows[0]!.n) }
}

async function count(
  db: pg.PoolClient,
  rc: ReadContext,
  items: ReturnType<typeof parseSelect>,
  rel: Relation,
): Promise<number> {
  const crc = { ...rc, params: new Params() }
  const sql = countSql(crc, items, {
    from: `"${rel.schema}"."${rel.name}"`,
    rel,
    src: relationSource(rel, 't0'),
    path: '',
    root: true,
  })
  return Number((await db.query<{ n: string }>(sql, crc.params.values)).rows[0]!.n)
}

async function read(
  db: pg.PoolClient,
  ctx: StackContext,
  keeper: CacheKeeper,
  call: Call,
  name: string,
): Promise<Reply> {
  const { cache, rel } = await lookupRelation(keeper, call.schema, name)
  const q = parseQuery(call.query)
  const root = q.byPath.get('')!
  applyRange(call.req, root)
  const rc = readContext(ctx, cache, call.schema, q)
  const items = parseSelect(q.select)
  const node = nodeSql(rc, items, {
    from: `"${rel.schema}"."${rel.name}"`,
    rel,
    src: relationSource(rel, 't0'),
    path: '',
    root: true,
  })
  const result = await runRows(db, aggregateSql(node, call.stripNulls), rc.params.values)
  const total = call.prefs.count ? await count(db, rc, items, rel) : undefined
  const offset = root.offset ?? 0
  const status = total !== undefined && result.n < total && !call.single ? 206 : 200
  return replyRows(call, result, status, { 'content-range': contentRange(offset, result.n, total) })
}

async function write(
  db: pg.PoolClient,
  ctx: StackContext,
  keeper: CacheKeeper,
  call: Call,
  name: string,
): Promise<Reply> {
  const { cache, rel } = await lookupRelation(keeper, call.schema, name)
  const q = parseQuery(call.query)
  const body = call.method === 'DELETE' ? undefined : await jsonBody(call.req)
  const rc = readContext(ctx, cache, call.schema, q)
  const p = rc.params
  const representation = call.prefs.return === 'representation'
  let statements: string[]
  if (call.method === 'POST') {
    const columns = q.columns ? parseColumnsParam(q.columns) : undefined
    const onConflict = q.onConflict ? parseColumnsParam(q.onConflict) : undefined
    statements = insertSql(rel, bodyRows(body), columns, onConflict, call.prefs, p, representation)
  } else if (call.method === 'PATCH') {
    const one = updateSql(rel, body, q.byPath.get('')!, p, representation)
    if (!one)
      return {
        status: representation ? 200 : 204,
        body: representation ? '[]' : undefined,
        headers: { 'content-range': '*/*' },
      }
    statements = [one]
  } else statements = [deleteSql(rel, q.byPath.get('')!, p, representation)]
  const okStatus = call.method === 'POST' ? 201 : representation ? 200 : 204
  if (!representation) {
    if (statements.length === 1 && !call.single) {
      const res = await db.query(statements[0]!, p.values)
      return {
        status: okStatus,
        headers: { 'content-range': `*/${call.prefs.count ? (res.rowCount ?? 0) : '*'}` },
      }
    }
  }
  const ctes = statements.map(
    (s, i) => `_m${i} as (${s}${representation ? '' : ` returning "${rel.schema}"."${rel.name}".*`})`,
  )
  const union = statements.map((_, i) => `select * from _m${i}`).join(' union all ')
  const items = representation ? parseSelect(q.select) : [{ type: 'star' as const }]
  const node = nodeSql(
    {
      ...rc,
      byPath: new Map([
        ['', { conditions: [], order: q.byPath.get('')!.order }],
        ...[...q.byPath].filter(([k]) => k !== ''),
      ]),
    },
    items,
    {
      from: `(${union})`,
      rel,
      src: relationSource(rel, 't0'),
      path: '',
      root: false,
    },
  )
  const result = await runRows(db, `with ${ctes.join(', ')} ${aggregateSql(node, call.stripNulls)}`, p.values)
  const headers = { 'content-range': contentRange(0, result.n, call.prefs.count ? result.n : undefined) }
  if (!representation) {
    if (call.single && result.n !== 1) throw notOneRow(result.n)
    return { status: okStatus, headers }
  }
  return replyRows(call, result, okStatus, headers)
}

async function rpc(
  db: pg.PoolClient,
  ctx: StackContext,
  keeper: CacheKeeper,
  call: Call,
  fnName: string,
): Promise<Reply> {
  const isGet = call.method === 'GET' || call.method === 'HEAD'
  let cache = keeper.current()
  if (!cache.functions.has(key(call.schema, fnName))) cache = await keeper.refreshAfterMiss()
  const overloads = cache.functions.get(key(call.schema, fnName)) ?? []
  const argNames = new Set(overloads.flatMap((f) => f.args.map((a) => a.name)))
  const q = parseQuery(call.query, isGet ? argNames : new Set())
  let args: Record<string, unknown>
  if (isGet) args = Object.fromEntries(q.plain)
  else {
    const body = await jsonBody(call.req)
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new RestError(400, 'PGRST102', 'RPC arguments must be a JSON object')
    args = body as Record<string, unknown>
  }
  const fn = findFunction(cache, call.schema, fnName, Object.keys(args))
  const rc = readContext(ctx, cache, call.schema, q)
  const callText = callSql(fn, args, rc.params)
  if (fn.returnsRows) {
    const rel =
      cache.relations.get(fn.returnType.replace(/"/g, '')) ??
      cache.relations.get(key(fn.schema, fn.returnType.replace(/^.*\./, '').replace(/"/g, '')))
    const cols = new Set(fn.returnColumns.length ? fn.returnColumns : rel ? [...rel.columns.keys()] : [])
    const src = { alias: 't0', label: fn.name, has: (c: string) => cols.size === 0 || cols.has(c) }
    const node = nodeSql(rc, parseSelect(q.select), {
      from: callText,
      rel: fn.returnColumns.length ? undefined : rel,
      src,
      starColumns: [...cols],
      path: '',
      root: true,
    })
    const result = await runRows(db, aggregateSql(node, call.stripNulls), rc.params.values)
    if (!fn.returnsSet) {
      if (result.n === 0)
        return { status: 200, body: 'null', headers: { 'content-type': 'application/json; charset=utf-8' } }
      return {
        status: 200,
        body: result.one ?? 'null',
        headers: { 'content-type': 'application/json; charset=utf-8' },
      }
    }
    return replyRows(call, result, 200, { 'content-range': contentRange(0, result.n, undefined) })
  }
  if (fn.returnsSet) {
    const result = await runRows(
      db,
      `select coalesce(json_agg(_v.v), '[]'::json)::text as body, (json_agg(_v.v) -> 0)::text as one, count(*) as n from ${callText} as _v(v)`,
      rc.params.values,
    )
    return replyRows(call, result, 200, {})
  }
  const { rows } = await db.query<{ v: string | null }>(
    `select to_json(${callText})::text as v`,
    rc.params.values,
  )
  if (fn.returnType === 'void') return { status: 204, headers: {} }
  return {
    status: 200,
    body: rows[0]?.v ?? 'null',
    headers: { 'content-type': 'application/json; charset=utf-8' },
  }
}

/**
 * GET /rest/v1/: as on hosted Supabase since 2026, only the service role may read the
 * spec; like PostgREST (follow-privileges) it lists what that role can reach.
 */
export async function handleRoot(
  ctx: StackContext,
  keeper: CacheKeeper,
  req: IncomingMessage,
): Promise<Reply> {
  const token = await authenticate(ctx, req)
  const apikey = firstHeader(req, 'apikey')
  const keyRole = apikey
    ? await ctx.verifier.verify(apikey).then(
        (t) => t.role,
        () => undefined,
      )
    : token.role
  if (token.role !== 'service_role' || keyRole !== 'service_role') {
    return {
      status: 401,
      body: JSON.stringify({
        message: 'Invalid API key',
        hint: 'Only the `service_role` API key can be used for this endpoint.',
      }),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    }
  }
  const schema = pickSchema(ctx, req, 'GET')
  const { roles } = keeper.config()
  const context = contextStatement({
    schema,
    extraSearchPath: ctx.config.api.extraSearchPath,
    role: token.role,
    claims: token.claims,
    roleSettings: roles.settings.get(token.role) ?? [],
    method: req.method ?? 'GET',
    path: '/',
    headers: requestHeaders(req),
    cookies: requestCookies(req),
  })
  const [tables, functions, description] = await runTransaction(keeper.pool, {
    readOnly: true,
    context,
    statements: [accessibleTables(schema), accessibleFunctions(schema), schemaDescription(schema)],
    rollback: false,
  })
  const doc = openApi(keeper.current(), schema, firstHeader(req, 'host') ?? '', {
    tables: new Set(tables!.rows.map((r: { name: string }) => r.name)),
    functions: new Set(functions!.rows.map((r: { name: string }) => r.name)),
    description: (description!.rows[0] as { description: string | null } | undefined)?.description ?? null,
  })
  return {
    status: 200,
    body: req.method === 'HEAD' ? undefined : JSON.stringify(doc),
    headers: { 'content-type': 'application/openapi+json; charset=utf-8' },
  }
}

export async function handleRest(
  ctx: StackContext,
  keeper: CacheKeeper,
  req: IncomingMessage,
  path: string,
): Promise<Reply> {
  const method = req.method ?? 'GET'
  const url = new URL(req.url ?? '/', 'http://rest.local')
  const token = await authenticate(ctx, req)
  const schema = pickSchema(ctx, req, method)
  const accept = firstHeader(req, 'accept') ?? ''
  const call: Call = {
    req,
    method,
    schema,
    path,
    query: url.searchParams,
    prefs: parsePrefer(req),
    single: accept.includes('application/vnd.pgrst.object+json'),
    csv: accept.includes('text/csv'),
    stripNulls: accept.includes('nulls=stripped'),
    token,
  }
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent)
  const isRpc = segments[0] === 'rpc' && segments.length === 2
  if (!isRpc && segments.length !== 1)
    throw new RestError(404, 'PGRST125', `Invalid path specified in request URL`)
  const readOnly = method === 'GET' || method === 'HEAD'
  if (!isRpc && !['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'].includes(method)) {
    throw new RestError(405, 'PGRST117', `Unsupported HTTP method: ${method}`)
  }
  const { roles } = keeper.config()
  const context = contextStatement({
    schema: call.schema,
    extraSearchPath: ctx.config.api.extraSearchPath,
    role: token.role,
    claims: token.claims,
    roleSettings: roles.settings.get(token.role) ?? [],
    method,
    path: url.pathname,
    headers: requestHeaders(req),
    cookies: requestCookies(req),
  })
  const plan = {
    readOnly,
    isolation: roles.isolation.get(token.role),
    context,
    rollback: call.prefs.txRollback,
  }
  try {
    const reply = await withTransaction(keeper.pool, plan, (db) =>
      isRpc
        ? rpc(db, ctx, keeper, call, segments[1]!)
        : readOnly
          ? read(db, ctx, keeper, call, segments[0]!)
          : write(db, ctx, keeper, call, segments[0]!),
    )
    if (method === 'HEAD') delete reply.body
    return reply
  } catch (err) {
    throw isPgError(err) ? fromPostgres(err, token.role === 'anon') : err
  }
}

/** Request headers as PostgREST passes them: lower-case names, cookies apart. */
function requestHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) {
    if (k !== 'cookie' && v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v
  }
  return out
}

function requestCookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (firstHeader(req, 'cookie') ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim()
  }
  return out
}
