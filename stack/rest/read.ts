// A read as ONE statement: the projection, embedded resources as lateral subqueries
// aggregated to JSON, filters, order, limit and offset at every level.
import { ambiguousEmbed, unknownEmbed, parseError } from './errors.ts'
import type { Embed, OrderTerm, SelectItem } from './parse.ts'
import type { Modifiers } from './request.ts'
import { key, type ForeignKey, type Relation, type SchemaCache } from './schema-cache.ts'
import {
  conditionSql,
  fieldAlias,
  fieldSql,
  qi,
  qrel,
  relationSource,
  type Params,
  type Source,
} from './sql.ts'

export interface ReadContext {
  cache: SchemaCache
  schema: string
  params: Params
  byPath: Map<string, Modifiers>
  maxRows: number
  next: () => number
}

interface Relationship {
  child: Relation
  toOne: boolean
  /** Pairs of (child column, parent column). */
  on: Array<[string, string]>
  fk: ForeignKey
}

export function resolveEmbed(cache: SchemaCache, parent: Relation, embed: Embed): Relationship {
  const child = cache.relations.get(key(parent.schema, embed.name))
  if (!child) throw unknownEmbed(parent.name, embed.name)
  const candidates: Relationship[] = []
  for (const fk of cache.foreignKeys) {
    if (
      fk.schema === parent.schema &&
      fk.table === parent.name &&
      fk.fschema === child.schema &&
      fk.ftable === child.name
    ) {
      candidates.push({ child, toOne: true, fk, on: fk.fcolumns.map((c, i) => [c, fk.columns[i]!]) })
    }
    if (
      fk.schema === child.schema &&
      fk.table === child.name &&
      fk.fschema === parent.schema &&
      fk.ftable === parent.name
    ) {
      if (fk.table === fk.ftable && candidates.some((c) => c.fk === fk)) continue
      candidates.push({ child, toOne: false, fk, on: fk.columns.map((c, i) => [c, fk.fcolumns[i]!]) })
    }
  }
  const hinted = embed.hint
    ? candidates.filter(
        (c) => c.fk.name === embed.hint || (c.fk.columns.length === 1 && c.fk.columns[0] === embed.hint),
      )
    : candidates
  if (hinted.length === 0) throw unknownEmbed(parent.name, embed.name)
  if (hinted.length > 1) {
    throw ambiguousEmbed(
      parent.name,
      embed.name,
      hinted.map((c) => c.fk.name),
    )
  }
  return hinted[0]!
}

function orderSql(
  rc: ReadContext,
  terms: OrderTerm[],
  rel: Relation | undefined,
  src: Source,
  items: SelectItem[],
): string {
  const parts = terms.map((t) => {
    let expr: string
    if (t.relation) {
      const embed = items.find((i): i is Embed => i.type === 'embed' && (i.alias ?? i.name) === t.relation)
      if (!embed || !rel)
        throw parseError(
          `"failed to parse order" (${t.relation})`,
          `'${t.relation}' is not an embedded resource in select`,
        )
      const r = resolveEmbed(rc.cache, rel, embed)
      if (!r.toOne)
        throw parseError(
          `A related order on '${t.relation}' is not possible`,
          'Only to-one relationships can be ordered by',
        )
      const a = `o${rc.next()}`
      const on = r.on.map(([c, p]) => `${a}.${qi(c)} = ${src.alias}.${qi(p)}`).join(' and ')
      expr = `(select ${fieldSql(t.field, relationSource(r.child, a), rc.params)} from ${qrel(r.child.schema, r.child.name)} ${a} where ${on})`
    } else expr = fieldSql(t.field, src, rc.params)
    return `${expr} ${t.desc ? 'desc' : 'asc'}${t.nulls ? ` nulls ${t.nulls}` : ''}`
  })
  return parts.length ? ` order by ${parts.join(', ')}` : ''
}

export interface NodeOptions {
  /** The FROM item: a relation, a CTE name, or a function call. */
  from: string
  rel?: Relation
  src: Source
  /** Column list for `*` when the relation is unknown (function results). */
  starColumns?: string[]
  path: string
  extraWhere?: string[]
  root: boolean
}

/** `select ... from ... where ... order ... limit` for one level, embeddings included. */
export function nodeSql(rc: ReadContext, items: SelectItem[], o: NodeOptions): string {
  const mods = rc.byPath.get(o.path) ?? { conditions: [], order: [] }
  const proj: string[] = []
  const joins: string[] = []
  const where = [...(o.extraWhere ?? [])]
  for (const item of items) {
    if (item.type === 'star') {
      if (o.rel) for (const c of o.rel.columns.keys()) proj.push(`${o.src.alias}.${qi(c)}`)
      else if (o.starColumns?.length) for (const c of o.starColumns) proj.push(`${o.src.alias}.${qi(c)}`)
      else proj.push(`${o.src.alias}.*`)
    } else if (item.type === 'field') {
      proj.push(`${fieldSql(item, o.src, rc.params)} as ${qi(fieldAlias(item))}`)
    } else {
      if (!o.rel)
        throw parseError(
          'Embedding is only possible on tables and views',
          `'${item.name}' cannot be embedded here`,
        )
      const r = resolveEmbed(rc.cache, o.rel, item)
      const a = `t${rc.next()}`
      const l = `l${rc.next()}`
      const childPath = o.path ? `${o.path}.${item.alias ?? item.name}` : (item.alias ?? item.name)
      const on = r.on.map(([c, p]) => `${a}.${qi(c)} = ${o.src.alias}.${qi(p)}`)
      const inner = nodeSql(rc, item.select, {
        from: qrel(r.child.schema, r.child.name),
        rel: r.child,
        src: relationSource(r.child, a),
        path: childPath,
        extraWhere: on,
        root: false,
      })
      const agg = r.toOne ? `row_to_json(_x)` : `coalesce(json_agg(_x), '[]'::json)`
      joins.push(` left join lateral (select ${agg} as v from (${inner}) _x) ${l} on true`)
      proj.push(`${l}.v as ${qi(item.alias ?? item.name)}`)
      if (item.inner) where.push(r.toOne ? `${l}.v is not null` : `${l}.v::text <> '[]'`)
    }
  }
  for (const c of mods.conditions) where.push(conditionSql(c, o.src, rc.params))
  let sql = `select ${proj.join(', ') || 'null'} from ${o.from} ${o.src.alias}${joins.join('')}`
  if (where.length) sql += ` where ${where.join(' and ')}`
  sql += orderSql(rc, mods.order, o.rel, o.src, items)
  const limit = o.root ? Math.min(mods.limit ?? rc.maxRows, rc.maxRows) : mods.limit
  if (limit !== undefined) sql += ` limit ${rc.params.add(limit)}`
  if (mods.offset) sql += ` offset ${rc.params.add(mods.offset)}`
  return sql
}

/** Root filters only (no limit), for `Prefer: count=exact`. */
export function countSql(rc: ReadContext, items: SelectItem[], o: NodeOptions): string {
  const mods = rc.byPath.get(o.path) ?? { conditions: [], order: [] }
  const counting: ReadContext = {
    ...rc,
    byPath: new Map([...rc.byPath, [o.path, { ...mods, order: [], limit: undefined, offset: undefined }]]),
    maxRows: Number.MAX_SAFE_INTEGER,
  }
  const inner = nodeSql(
    counting,
    items.filter((i) => i.type === 'embed' && i.inner).concat({ type: 'star' }),
    { ...o, root: false },
  )
  return `select count(*)::bigint as n from (${inner}) _c`
}

/** Wraps a node into one row: the JSON body, the first row alone, and the row count. */
export function aggregateSql(node: string, stripNulls: boolean): string {
  const body = stripNulls
    ? `json_strip_nulls(coalesce(json_agg(_r), '[]'::json))`
    : `coalesce(json_agg(_r), '[]'::json)`
  return `select ${body}::text as body, (json_agg(_r) -> 0)::text as one, count(*)::bigint as n from (${node}) _r`
}
