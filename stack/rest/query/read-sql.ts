// A read plan as one SELECT: each embed a LATERAL subquery aggregated to JSON (an object
// for to-one, an array for to-many), spreads selected column by column, aggregates with
// their GROUP BY; and the count query, which keeps only the root's filters.
import { isToOne, qualified } from '../schema-cache/types.ts'
import type { ReadPlan, SpreadField } from '../plan/types.ts'
import { castSql, conditionSql, limitSql, orderSql, selectItemSql } from './fragments.ts'
import { qi, qrel, type Params } from './ident.ts'

export const SOURCE = 'pgrst_source'

/** How columns of this level are qualified: its alias (the root's is its table's name). */
export const qualifierOf = (n: ReadPlan) => qi(n.fromAlias ?? n.from.name)

function fromSql(n: ReadPlan, parent: ReadPlan | undefined, source: boolean): string {
  const alias = ` AS ${qualifierOf(n)}`
  if (source && !parent) return `${qi(SOURCE)}${alias}`
  const rel = n.rel
  if (rel?.kind === 'computed')
    return `${qrel(rel.function.schema, rel.function.name)}(${qualifierOf(parent!)}::${qrel(rel.table.schema, rel.table.name)})${alias}`
  const base = `${qrel(n.from.schema, n.from.name)}${alias}`
  if (rel?.kind === 'fk' && rel.cardinality.kind === 'M2M') {
    const j = rel.cardinality.junction.table
    return `${base}, ${qrel(j.schema, j.name)} AS ${qi(`${j.name}_${n.depth}_junction`)}`
  }
  return base
}

function joinConditions(n: ReadPlan, parent: ReadPlan): string[] {
  const rel = n.rel
  const self = qualifierOf(n)
  const up = qualifierOf(parent)
  if (rel?.kind === 'fk' && rel.cardinality.kind === 'M2M') {
    const j = rel.cardinality.junction
    const jq = qi(`${j.table.name}_${n.depth}_junction`)
    return [
      ...j.colsTarget.map(([jc, tc]) => `${self}.${qi(tc)} = ${jq}.${qi(jc)}`),
      ...j.colsSource.map(([jc, sc]) => `${jq}.${qi(jc)} = ${up}.${qi(sc)}`),
    ]
  }
  return n.joinOn.map(([childCol, parentCol]) => `${self}.${qi(childCol)} = ${up}.${qi(parentCol)}`)
}

const outName = (f: SpreadField) => (f.aggregate ? (f.alias ?? f.aggregate) : f.name)

function spreadItemSql(child: ReadPlan, f: SpreadField, aggregateHere: boolean): string {
  const col = `${qi(child.aggAlias)}.${qi(f.name)}`
  if (!aggregateHere || !f.aggregate) return col
  const sql = castSql(`${f.aggregate.toUpperCase()}(${col})`, f.aggregateCast)
  return f.alias ? `${sql} AS ${qi(f.alias)}` : sql
}

function embedSql(n: ReadPlan, child: ReadPlan, grouped: boolean, p: Params) {
  const a = qi(child.aggAlias)
  const sub = readSql(child, n, false, p)
  const join = child.joinType === 'inner' ? 'INNER' : 'LEFT'
  const toOne = isToOne(child.rel!)
  if (child.spread) {
    const fields = child.spreadFields ?? []
    if (toOne)
      return {
        select: fields.map((f) => spreadItemSql(child, f, !n.spread)),
        join: ` ${join} JOIN LATERAL (${sub}) AS ${a} ON TRUE`,
      }
    // To-many: each column becomes an array, or its aggregate over the child rows.
    const arrays = fields.map((f) => {
      const col = `${a}.${qi(f.name)}`
      const value = f.aggregate
        ? castSql(`${f.aggregate.toUpperCase()}(${col})`, f.aggregateCast)
        : `json_agg(${col})`
      return `${value} AS ${qi(outName(f))}`
    })
    const lateral = `SELECT json_agg(${a}) AS ${a}${arrays.map((x) => `, ${x}`).join('')} FROM (${sub}) AS ${a}`
    return {
      select: fields.map((f) => `${a}.${qi(outName(f))}`),
      join: ` ${join} JOIN LATERAL (${lateral}) AS ${a} ON ${join === 'INNER' ? `${a} IS NOT NULL` : 'TRUE'}`,
    }
  }
  const name = qi(child.relAlias ?? child.relName)
  if (toOne) {
    const value = grouped ? `row_to_json(${a}.*)::jsonb` : `row_to_json(${a}.*)`
    return {
      select: child.empty ? [] : [`${value} AS ${name}`],
      join: ` ${join} JOIN LATERAL (${sub}) AS ${a} ON TRUE`,
    }
  }
  const agg = grouped ? `json_agg(${a})::jsonb` : `json_agg(${a})`
  return {
    select: child.empty ? [] : [`COALESCE(${a}.${a}, '[]') AS ${name}`],
    join: ` ${join} JOIN LATERAL (SELECT ${agg} AS ${a} FROM (${sub}) AS ${a}) AS ${a} ON ${join === 'INNER' ? `${a} IS NOT NULL` : 'TRUE'}`,
  }
}

function groupBy(n: ReadPlan, q: string, p: Params): string {
  const spreadAgg = n.children.some(
    (c) => c.spread && !n.spread && isToOne(c.rel!) && c.spreadFields?.some((f) => f.aggregate),
  )
  if (!n.select.some((s) => s.aggregate) && !spreadAgg) return ''
  const terms = [
    ...n.select.filter((s) => !s.aggregate).map((s) => (s.alias ? qi(s.alias) : selectItemSql(q, s, p))),
    ...n.children.filter((c) => !c.spread && !c.empty).map((c) => qi(c.relAlias ?? c.relName)),
    ...n.children
      .filter((c) => c.spread)
      .flatMap((c) =>
        (c.spreadFields ?? [])
          .filter((f) => !f.aggregate || !isToOne(c.rel!))
          .map((f) => `${qi(c.aggAlias)}.${qi(f.aggregate ? (f.alias ?? f.aggregate) : f.name)}`),
      ),
  ]
  return terms.length ? ` GROUP BY ${terms.join(', ')}` : ''
}

/** `source`: the root reads pgrst_source (the rows a mutation or function produced). */
export function readSql(n: ReadPlan, parent: ReadPlan | undefined, source: boolean, p: Params): string {
  const q = qualifierOf(n)
  const grouped = n.select.some((s) => s.aggregate)
  const selects = n.select.map((s) => selectItemSql(q, s, p))
  const joins: string[] = []
  for (const child of n.children) {
    const e = embedSql(n, child, grouped, p)
    selects.push(...e.select)
    joins.push(e.join)
  }
  if (!n.select.length && !n.children.length) selects.push(`${q}.*`)
  const where = [...n.where.map((c) => conditionSql(q, c, p)), ...(parent ? joinConditions(n, parent) : [])]
  return (
    `SELECT ${selects.join(', ') || 'NULL'} FROM ${fromSql(n, parent, source)}${joins.join('')}` +
    (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
    groupBy(n, q, p) +
    orderSql(q, n.order, p) +
    limitSql(n.range)
  )
}

/** Rows of the root that the filters (and `!inner` embeds) keep, without limit or order. */
export function countSql(n: ReadPlan, parent: ReadPlan | undefined, source: boolean, p: Params): string {
  const q = qualifierOf(n)
  const where = [
    ...n.where.map((c) =>
      c.kind === 'embed-null'
        ? (() => {
            const child = n.children.find((x) => x.aggAlias === c.aggAlias)!
            return `${c.isNull ? 'NOT ' : ''}EXISTS (${countSql(child, n, false, p)})`
          })()
        : conditionSql(q, c, p),
    ),
    ...(parent ? joinConditions(n, parent) : []),
    ...n.children.filter((c) => c.joinType === 'inner').map((c) => `EXISTS (${countSql(c, n, false, p)})`),
  ]
  return `SELECT 1 FROM ${fromSql(n, parent, source)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`
}

export const tableOf = (n: ReadPlan) => qualified(n.from)
