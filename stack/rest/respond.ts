// The respond stage: status, headers and body from the statement's one row, as PostgREST's
// Response does (Content-Range and 206/416, Location, Preference-Applied, Content-Profile,
// the response.status / response.headers GUCs), and the checks that condemn a transaction.
import type pg from 'pg'
import { RestError } from './errors.ts'
import type { ActionPlan } from './plan/plan.ts'
import { isPlan, isSingular } from './plan/negotiate.ts'
import { appliedHeader, shouldCount, type Preferences } from './request/preferences.ts'
import { contentTypeOf, toMime } from './request/media.ts'
import type { ApiRequest } from './request/types.ts'
import type { ResultRow } from './query/statements.ts'
import { returnsVoid } from './schema-cache/types.ts'
import { gucOverrides } from './respond-gucs.ts'

export interface Reply {
  status: number
  headers: Record<string, string>
  body?: string
}

const row = (r: pg.QueryResult) => r.rows[0] as ResultRow

export function contentRange(lower: number, upper: number, total: number | undefined): string {
  const range = total !== 0 && lower <= upper ? `${lower}-${upper}` : '*'
  return `${range}/${total ?? '*'}`
}

/** Whether the results must be checked before commit (a write PostgREST would condemn). */
export function mustCheckBeforeCommit(plan: ActionPlan, req: ApiRequest): boolean {
  if (plan.tx !== 'write' || isPlan(plan.negotiated)) return false
  const strict = req.prefs.handling === 'strict' && req.prefs.maxAffected !== undefined
  return (
    isSingular(plan.negotiated) || strict || (plan.kind === 'mutate' && plan.mutate.kind === 'upsert-put')
  )
}

/** Refusals found in the results: the transaction rolls back instead of committing. */
export function checkResults(
  plan: ActionPlan,
  req: ApiRequest,
  results: pg.QueryResult[],
): RestError | undefined {
  if (isPlan(plan.negotiated)) return undefined
  const n = Number(row(results[0]!).page_total)
  if (isSingular(plan.negotiated) && n !== 1)
    return new RestError(
      406,
      'PGRST116',
      'Cannot coerce the result to a single JSON object',
      `The result contains ${n} rows`,
    )
  const kind = plan.kind === 'mutate' ? plan.mutate.kind : plan.kind
  if (kind === 'upsert-put' && n !== 1)
    return new RestError(400, 'PGRST115', 'Payload values do not match URL in primary key column(s)')
  const { handling, maxAffected } = req.prefs
  if (
    ['update', 'delete', 'call'].includes(kind) &&
    handling === 'strict' &&
    maxAffected !== undefined &&
    n > maxAffected
  )
    return new RestError(
      400,
      'PGRST124',
      'Query result exceeds max-affected preference constraint',
      `The query affects ${n} rows`,
    )
  return undefined
}

function plannedTotal(r: pg.QueryResult | undefined): number | undefined {
  const plan = r?.rows[0]?.['QUERY PLAN'] as Array<{ Plan: { 'Plan Rows': number } }> | undefined
  return plan?.[0]?.Plan['Plan Rows']
}

function totalOf(
  req: ApiRequest,
  r: ResultRow,
  planned: pg.QueryResult | undefined,
  maxRows?: number,
): number | undefined {
  const exact = r.total_result_set === null ? undefined : Number(r.total_result_set)
  if (req.prefs.count === 'planned') return plannedTotal(planned)
  if (req.prefs.count === 'estimated' && maxRows !== undefined && exact !== undefined && exact > maxRows)
    return Math.max(exact, plannedTotal(planned) ?? 0)
  return exact
}

function contentHeaders(plan: ActionPlan, req: ApiRequest): Record<string, string> {
  const h: Record<string, string> = { 'content-type': contentTypeOf(plan.negotiated.media) }
  if (req.negotiatedByProfile) h['content-profile'] = req.schema
  return h
}

/** Preference-Applied, with only what applies to this kind of request. */
function applied(plan: ActionPlan, req: ApiRequest): Record<string, string> {
  const p = req.prefs
  const mutation = plan.kind === 'mutate' ? plan.mutate.kind : undefined
  const resolutionApplies =
    mutation === 'insert' &&
    plan.kind === 'mutate' &&
    (plan.mutate.table.pk.length > 0 || !!req.query.onConflict)
  const shown: Partial<Preferences> = {
    resolution: resolutionApplies ? p.resolution : undefined,
    representation: mutation ? p.representation : undefined,
    missing: mutation === 'insert' || mutation === 'update' ? p.missing : undefined,
    count: p.count,
    transaction: p.transaction,
    handling: p.handling,
    timezone: p.timezone,
    maxAffected:
      mutation === 'update' || mutation === 'delete' || plan.kind === 'call' ? p.maxAffected : undefined,
  }
  const value = appliedHeader(shown)
  return value ? { 'preference-applied': value } : {}
}

function readLike(plan: ActionPlan, req: ApiRequest, r: ResultRow, t: number | undefined): Reply {
  const lower = req.topRange?.offset ?? plan.read.range.offset
  const n = Number(r.page_total)
  const upper = lower + n - 1
  const status = t === undefined ? 200 : lower > t ? 416 : n < t ? 206 : 200
  const headers: Record<string, string> = {
    'content-range': contentRange(lower, upper, t),
    ...applied(plan, req),
  }
  if (plan.kind === 'read') {
    const q = req.query.canonical
    headers['content-location'] = `/${plan.table.name}${q ? `?${q}` : ''}`
  }
  if (status === 416) {
    const err = new RestError(
      416,
      'PGRST103',
      'Requested range not satisfiable',
      `An offset of ${lower} was requested, but there are only ${t} rows.`,
    )
    return {
      status,
      headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(err.body()),
    }
  }
  if (plan.kind === 'call' && returnsVoid(plan.routine)) return { status: 204, headers }
  const head = req.method === 'HEAD'
  return { status, headers: { ...headers, ...contentHeaders(plan, req) }, body: head ? undefined : r.body }
}

function mutationReply(plan: ActionPlan & { kind: 'mutate' }, req: ApiRequest, r: ResultRow): Reply {
  const m = plan.mutate
  const n = Number(r.page_total)
  const counted = shouldCount(req.prefs) ? n : undefined
  const full = req.prefs.representation === 'representation'
  const headers: Record<string, string> = {
    'content-range': m.kind === 'update' ? contentRange(0, n - 1, counted) : contentRange(1, 0, counted),
    ...applied(plan, req),
  }
  if (m.kind === 'upsert-put') delete headers['content-range']
  if (r.header?.length)
    headers.location = `/${m.table.name}?${r.header.map((kv) => kv.split('=').map(encodeURIComponent).join('=')).join('&')}`
  const inserted = r.response_inserted ?? 0
  const created =
    m.kind === 'insert'
      ? m.onConflict?.resolution === 'merge-duplicates' && inserted <= 0
        ? 200
        : 201
      : inserted > 0
        ? 201
        : 200
  const status = m.kind === 'insert' ? created : full ? (m.kind === 'upsert-put' ? created : 200) : 204
  if (!full) return { status, headers }
  return { status, headers: { ...headers, ...contentHeaders(plan, req) }, body: r.body }
}

function planReply(plan: ActionPlan, result: pg.QueryResult): Reply {
  const media = plan.negotiated.media
  const lines = result.rows.map((x) => x['QUERY PLAN'])
  const body = media.kind === 'plan' && media.format === 'json' ? JSON.stringify(lines[0]) : lines.join('\n')
  return { status: 200, headers: { 'content-type': `${toMime(media)}; charset=utf-8` }, body }
}

export function respond(
  plan: ActionPlan,
  req: ApiRequest,
  results: pg.QueryResult[],
  maxRows?: number,
): Reply {
  if (isPlan(plan.negotiated)) return planReply(plan, results[0]!)
  const r = row(results[0]!)
  if (!mustCheckBeforeCommit(plan, req)) {
    const failed = checkResults(plan, req, results)
    if (failed) throw failed
  }
  const reply =
    plan.kind === 'mutate'
      ? mutationReply(plan, req, r)
      : readLike(plan, req, r, totalOf(req, r, results[1], maxRows))
  return gucOverrides(reply, r)
}
