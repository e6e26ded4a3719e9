// The one statement per request, as PostgREST's Statements: the read, mutation or call as
// the pgrst_source CTE, then in one row the total count, the page count, the body (JSON
// array or object, stripped nulls, CSV), the Location bindings and the response GUCs.
// Under `Accept: application/vnd.pgrst.plan` the same statement is EXPLAINed instead.
import type { Statement } from '../db/run.ts'
import type { PlanOption } from '../request/media.ts'
import type { Negotiated } from '../plan/types.ts'
import type { Routine } from '../schema-cache/types.ts'
import { returnsScalar, returnsSetOfScalar } from '../schema-cache/types.ts'
import type { Params } from './ident.ts'

const GUCS = `nullif(current_setting('response.headers', true), '') AS response_headers, nullif(current_setting('response.status', true), '') AS response_status`

/** Header, then each row as its record text without the parentheses: PostgREST's CSV. */
const CSV = `(SELECT coalesce(string_agg(a.k, ','), '') FROM (SELECT json_object_keys(r)::text AS k FROM (SELECT row_to_json(hh) AS r FROM pgrst_source AS hh LIMIT 1) s) a) || '\n' || coalesce(string_agg(substring(_postgrest_t::text, 2, length(_postgrest_t::text) - 2), '\n'), '')`

const strip = (sql: string, on: boolean) => (on ? `json_strip_nulls(${sql})` : sql)

export function bodySql(n: Negotiated, routine?: Routine): string {
  const scalar = routine && returnsScalar(routine)
  const setOfScalar = routine && returnsSetOfScalar(routine)
  const singleComposite = routine && routine.returns.composite && !routine.returns.setOf
  const rows = scalar || setOfScalar ? 'json_agg(_postgrest_t.pgrst_scalar)' : 'json_agg(_postgrest_t)'
  switch (n.handler) {
    case 'none':
      return `''`
    case 'csv':
      return CSV
    case 'object':
    case 'object-stripped':
      return `coalesce(${strip(`${rows}->0`, n.handler === 'object-stripped')}, 'null')::text`
    default: {
      const stripped = n.handler === 'array-stripped'
      if (scalar || singleComposite) return `coalesce(${strip(`${rows}->0`, stripped)}, 'null')::text`
      return `coalesce(${strip(rows, stripped)}, '[]')::text`
    }
  }
}

export function explain(sql: string, format: 'json' | 'text', options: PlanOption[]): string {
  return `EXPLAIN (${[`FORMAT ${format.toUpperCase()}`, ...options.map((o) => o.toUpperCase())].join(', ')}) ${sql}`
}

interface Wrap {
  /** The CTE: the read, the mutation or the call. */
  source: string
  /** The rows the body is made of (defaults to the CTE itself). */
  select?: string
  /** A count CTE for Prefer: count=exact / estimated. */
  count?: string
  body: string
  location?: string
  /** Upserts: the inserted-row counter (201 vs 200). */
  inserted?: boolean
}

export function wrapStatement(w: Wrap, p: Params): Statement {
  const count = w.count ? `, pgrst_source_count AS (${w.count})` : ''
  const total = w.count ? '(SELECT pg_catalog.count(*) FROM pgrst_source_count)' : 'null::bigint'
  const text =
    `WITH pgrst_source AS (${w.source})${count} SELECT ${total} AS total_result_set, ` +
    `pg_catalog.count(_postgrest_t) AS page_total, ${w.body} AS body, ${w.location ?? 'array[]::text[]'} AS header, ${GUCS}, ` +
    `${w.inserted ? "nullif(current_setting('pgrst.inserted', true), '')::int" : 'null::int'} AS response_inserted ` +
    `FROM (${w.select ?? 'SELECT * FROM pgrst_source'}) _postgrest_t`
  return { text, values: p.values }
}

export interface ResultRow {
  total_result_set: string | null
  page_total: string
  body: string
  header: string[] | null
  response_headers: string | null
  response_status: string | null
  response_inserted: number | null
}
