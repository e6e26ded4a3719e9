// The SQL-building stage's entry: an action plan becomes the request's statements — the
// main one and, for `Prefer: count=planned|estimated`, the EXPLAIN that estimates the total.
import type { Statement } from '../db/run.ts'
import type { ActionPlan } from '../plan/plan.ts'
import { isPlan } from '../plan/negotiate.ts'
import type { ApiRequest } from '../request/types.ts'
import { shouldCount } from '../request/preferences.ts'
import { callSql } from './call-sql.ts'
import { Params } from './ident.ts'
import { locationSql, mutateSql } from './mutate-sql.ts'
import { countSql, readSql } from './read-sql.ts'
import { bodySql, explain, wrapStatement } from './statements.ts'

export interface Built {
  main: Statement
  /** EXPLAIN of the count query, for planned and estimated counts. */
  planned?: Statement
}

function countFor(plan: ActionPlan, source: boolean, p: Params, limit?: number): string {
  const sql = countSql(plan.read, undefined, source, p)
  return limit === undefined ? sql : `${sql} LIMIT ${limit}`
}

export function buildStatements(plan: ActionPlan, req: ApiRequest, maxRows?: number): Built {
  const p = new Params()
  const count = req.prefs.count
  const estimatedCap = count === 'estimated' && maxRows !== undefined ? maxRows + 1 : undefined
  const counting = plan.kind !== 'mutate' && shouldCount(req.prefs)
  const planned =
    plan.kind !== 'mutate' && (count === 'planned' || estimatedCap !== undefined)
      ? (() => {
          const q = new Params()
          return { text: explain(countFor(plan, plan.kind === 'call', q), 'json', []), values: q.values }
        })()
      : undefined
  const body = bodySql(
    plan.kind === 'read' && plan.headersOnly ? { ...plan.negotiated, handler: 'none' } : plan.negotiated,
    plan.kind === 'call' ? plan.routine : undefined,
  )
  let main: Statement
  if (plan.kind === 'read') {
    main = wrapStatement(
      {
        source: readSql(plan.read, undefined, false, p),
        count: counting ? countFor(plan, false, p, estimatedCap) : undefined,
        body,
      },
      p,
    )
  } else if (plan.kind === 'mutate') {
    const m = plan.mutate
    const payload =
      req.payload?.kind === 'json' ? { raw: req.payload.raw, isArray: req.payload.isArray } : undefined
    const representation = req.prefs.representation === 'representation'
    const insert = m.kind === 'insert' || m.kind === 'upsert-put'
    main = wrapStatement(
      {
        source: mutateSql(m, payload, p),
        select: representation ? readSql(plan.read, undefined, true, p) : undefined,
        body,
        location:
          m.kind === 'insert' && req.prefs.representation === 'headers-only'
            ? `CASE WHEN pg_catalog.count(_postgrest_t) = 1 THEN coalesce(${locationSql(m.table.pk, p)}, array[]::text[]) ELSE array[]::text[] END`
            : undefined,
        inserted: insert && (m.kind === 'upsert-put' || m.onConflict?.resolution === 'merge-duplicates'),
      },
      p,
    )
  } else {
    main = wrapStatement(
      {
        source: callSql(plan.call, plan.args, p),
        select: readSql(plan.read, undefined, true, p),
        count: counting ? countFor(plan, true, p, estimatedCap) : undefined,
        body,
      },
      p,
    )
  }
  if (isPlan(plan.negotiated) && plan.negotiated.media.kind === 'plan') {
    const { format, options } = plan.negotiated.media
    main = { text: explain(main.text, format, options), values: main.values }
  }
  return { main, planned }
}
