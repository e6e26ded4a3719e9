// The read plan: the select forest as a tree of nodes, each bound to its relationship with
// its parent, with its filters, logic trees, order and range attached by embedding path.
// Pure: everything comes from the request and the schema cache.
import { RestError } from '../errors.ts'
import type { QueryParams, Range, SelectItem } from '../request/types.ts'
import { isToOne, qualified, type QualifiedName, type SchemaCache } from '../schema-cache/types.ts'
import { finishReadPlan } from './read-checks.ts'
import { findRelationship } from './relationships.ts'
import { resolveCondition, resolveSelect } from './resolve.ts'
import type { ReadPlan } from './types.ts'

export interface PlanContext {
  cache: SchemaCache
  schema: string
  maxRows?: number
  aggregatesEnabled: boolean
}

export interface ReadOptions {
  /** Mutations ignore order, limit and offset on the read side, as PostgREST does. */
  mutation: boolean
  topRange?: Range
}

const notEmbedded = (name: string) =>
  new RestError(
    400,
    'PGRST108',
    `'${name}' is not an embedded resource in this request`,
    null,
    `Verify that '${name}' is included in the 'select' query parameter.`,
  )

function node(from: QualifiedName, relName: string, depth: number): ReadPlan {
  return {
    from,
    relName,
    spread: false,
    depth,
    select: [],
    where: [],
    order: [],
    range: { offset: 0 },
    joinOn: [],
    aggAlias: '',
    empty: false,
    children: [],
  }
}

function build(items: SelectItem[], into: ReadPlan, schema: string): void {
  for (const item of items) {
    if (item.kind === 'field') {
      into.select.push({ ...item, isJson: false })
      continue
    }
    const child = node({ schema, name: item.name }, item.name, into.depth + 1)
    Object.assign(child, {
      relAlias: item.alias,
      relHint: item.hint,
      joinType: item.joinType,
      spread: item.spread,
    })
    child.empty = item.children.length === 0
    build(item.children, child, schema)
    into.children.push(child)
  }
}

function bindRelationships(ctx: PlanContext, parent: ReadPlan): void {
  for (const child of parent.children) {
    const rel = findRelationship(ctx.cache, ctx.schema, parent.from.name, child.relName, child.relHint)
    child.rel = rel
    child.from = rel.foreignTable
    child.fromAlias = `${rel.foreignTable.name}_${child.depth}`
    child.aggAlias = `${rel.table.name}_${child.relAlias ?? child.relName}_${child.depth}`
    if (rel.kind === 'fk' && rel.cardinality.kind !== 'M2M')
      child.joinOn = rel.cardinality.columns.map(([parentCol, childCol]) => [childCol, parentCol])
    bindRelationships(ctx, child)
  }
}

function find(root: ReadPlan, path: string[]): ReadPlan {
  let at = root
  for (const name of path) {
    const next = at.children.find((c) => c.relName === name || c.relAlias === name)
    if (!next) throw notEmbedded(name)
    at = next
  }
  return at
}

function attach(ctx: PlanContext, root: ReadPlan, q: QueryParams, o: ReadOptions): void {
  const table = (n: ReadPlan) => ctx.cache.tables.get(qualified(n.from))
  const filters = o.mutation ? q.filters.filter((f) => f.path.length > 0) : q.filters
  for (const { path, filter } of filters) {
    const n = find(root, path)
    n.where.push(resolveCondition(table(n), { kind: 'filter', filter }))
  }
  for (const { path, tree } of q.logic) {
    if (o.mutation && path.length === 0) continue
    const n = find(root, path)
    n.where.push(resolveCondition(table(n), tree))
  }
  if (o.mutation) return
  for (const { path, terms } of q.order) {
    const n = find(root, path)
    n.order = terms.map((t) => ({ ...t, isJson: resolveSelect(table(n), t.field).isJson }))
  }
  for (const [key, range] of q.ranges) find(root, key ? key.split('.') : []).range = { ...range }
  if (o.topRange) root.range = intersect(o.topRange, root.range)
}

function intersect(a: Range, b: Range): Range {
  const offset = Math.max(a.offset, b.offset)
  const ends = [a, b].filter((r) => r.limit !== undefined).map((r) => r.offset + r.limit!)
  return ends.length ? { offset, limit: Math.max(0, Math.min(...ends) - offset) } : { offset }
}

/** `table`: the relation read (or, for a function, the table type it returns, if any). */
export function readPlan(ctx: PlanContext, table: QualifiedName, q: QueryParams, o: ReadOptions): ReadPlan {
  const root = node(table, table.name, 0)
  root.fromAlias = table.name
  build(q.select, root, ctx.schema)
  bindRelationships(ctx, root)
  attach(ctx, root, q, o)
  finishReadPlan(ctx, root, o.mutation)
  return root
}

export { isToOne, notEmbedded }
