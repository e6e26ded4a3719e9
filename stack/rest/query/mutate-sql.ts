// INSERT (upsert), UPDATE and DELETE as PostgREST writes them: the JSON body bound once and
// unpacked with json_to_recordset into typed columns, `missing=default` merging column
// defaults, and the pgrst.inserted counter that tells an upsert's inserts from updates.
import type { MutatePlan } from '../plan/types.ts'
import { conditionSql } from './fragments.ts'
import { qi, qrel, type Params } from './ident.ts'

type Col = MutatePlan['columns'][number]

const literal = (s: string) => `'${s.split('\0')[0]!.replace(/'/g, "''")}'`

/** `FROM (SELECT $1 AS json_data) pgrst_payload, LATERAL (... json_to_recordset ...) pgrst_body`. */
export function jsonBodySql(
  body: string,
  cols: Col[],
  o: { isObject: boolean; limitOne: boolean; defaults: boolean; select: boolean },
  p: Params,
): string {
  const names = cols.map((c) => qi(c.name))
  const typed = cols.map((c) => `${qi(c.name)} ${c.type}`).join(', ')
  const j = o.defaults ? 'jsonb' : 'json'
  let from = `FROM (SELECT ${p.add(body)}::${j} AS json_data) pgrst_payload, `
  let source = 'pgrst_payload.json_data'
  if (o.defaults) {
    const defs = `jsonb_build_object(${cols
      .filter((c) => c.default !== null)
      .map((c) => `${literal(c.name)}, ${c.default}`)
      .join(', ')})`
    from += o.isObject
      ? `LATERAL (SELECT ${defs} || pgrst_payload.json_data AS val) pgrst_json_defs, `
      : `LATERAL (SELECT jsonb_agg(${defs} || elem) AS val FROM jsonb_array_elements(pgrst_payload.json_data) elem) pgrst_json_defs, `
    source = 'pgrst_json_defs.val'
  }
  const rows = !cols.length
    ? o.isObject
      ? '(values(1)) _'
      : `${j}_array_elements(${source}) _`
    : `${j}_to_record${o.isObject ? '' : 'set'}(${source}) AS _(${typed})${o.limitOne ? ' LIMIT 1' : ''}`
  from += `LATERAL (SELECT ${names.join(', ')} FROM ${rows}) pgrst_body`
  return (o.select ? `SELECT ${names.map((n) => `pgrst_body.${n}`).join(', ')} ` : '') + from
}

const counter = (delta: '+' | '-') =>
  `set_config('pgrst.inserted', (coalesce(nullif(current_setting('pgrst.inserted', true), '')::int, 0) ${delta} 1)::text, true) <> '${delta === '+' ? '0' : '-1'}'`

function returningSql(target: string, cols: string[]): string {
  if (!cols.length) return ' RETURNING 1'
  return ` RETURNING ${cols.map((c) => (c === '*' ? `${target}.*` : `${target}.${qi(c)}`)).join(', ')}`
}

export function mutateSql(
  m: MutatePlan,
  body: { raw: string; isArray: boolean } | undefined,
  p: Params,
): string {
  const t = m.table
  const target = qrel(t.schema, t.name)
  const returning = returningSql(target, m.returning)
  if (m.kind === 'delete') {
    const where = m.where.map((c) => conditionSql(target, c, p))
    return `DELETE FROM ${target}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}${returning}`
  }
  const isObject = !body?.isArray
  if (m.kind === 'update') {
    if (!m.columns.length) {
      const cols = m.returning.map((c) => (c === '*' ? `${target}.*` : `${target}.${qi(c)}`))
      return `SELECT ${cols.join(', ') || 'NULL'} FROM ${target} WHERE false`
    }
    const set = m.columns.map((c) => `${qi(c.name)} = pgrst_body.${qi(c.name)}`).join(', ')
    const from = jsonBodySql(
      body!.raw,
      m.columns,
      { isObject, limitOne: true, defaults: m.applyDefaults, select: false },
      p,
    )
    const where = m.where.map((c) => conditionSql(target, c, p))
    return `UPDATE ${target} SET ${set} ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}${returning}`
  }
  const colList = m.columns.length ? `(${m.columns.map((c) => qi(c.name)).join(', ')}) ` : ' '
  let sql = `INSERT INTO ${target}${colList}${jsonBodySql(body?.raw ?? '{}', m.columns, { isObject, limitOne: false, defaults: m.applyDefaults, select: true }, p)}`
  const merge = m.onConflict?.resolution === 'merge-duplicates'
  const checks = [
    ...(merge ? [counter('+')] : []),
    ...m.putConditions.map((c) => conditionSql('pgrst_body', c, p)),
  ]
  if (checks.length) sql += ` WHERE ${checks.join(' AND ')}`
  if (m.onConflict) {
    const on = ` ON CONFLICT(${m.onConflict.columns.map(qi).join(', ')}) `
    if (!merge || !m.columns.length) sql += `${on}DO NOTHING`
    else
      sql += `${on}DO UPDATE SET ${m.columns.map((c) => `${qi(c.name)} = EXCLUDED.${qi(c.name)}`).join(', ')} WHERE ${counter('-')}`
  }
  return sql + returning
}

/** `array['id=eq.1']`: the Location header of a created row, from its primary key. */
export function locationSql(pk: string[], p: Params): string {
  return `(WITH data AS (SELECT row_to_json(_) AS row FROM pgrst_source AS _ LIMIT 1)
    SELECT array_agg(json_data.key || '=' || coalesce('eq.' || json_data.value, 'is.null'))
    FROM data CROSS JOIN json_each_text(data.row) AS json_data WHERE json_data.key = ANY(${p.add(pk)}))`
}
