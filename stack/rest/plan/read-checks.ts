// The read plan's later passes, in PostgREST's order: column types and aliases, stars
// expanded where aggregates group, related orders, embed null filters, the aggregate
// switch (PGRST123), aggregates hoisted out of spreads, and db-max-rows on every level.
import { RestError } from '../errors.ts'
import { isToOne, qualified } from '../schema-cache/types.ts'
import type { PlanContext } from './read-plan.ts'
import { resolveSelect } from './resolve.ts'
import type { Condition, ReadPlan, SelectPlan, SpreadField } from './types.ts'

const walk = (n: ReadPlan, fn: (n: ReadPlan, parent?: ReadPlan) => void, parent?: ReadPlan) => {
  fn(n, parent)
  for (const c of n.children) walk(c, fn, n)
}

function aliasOf(s: SelectPlan): string | undefined {
  if (s.alias) return s.alias
  if (s.fullRow) return 'count'
  const path = s.field.jsonPath
  if (!path.length || s.aggregate) return undefined
  const last = path.at(-1)!
  if (!last.index) return last.key
  return [...path].toReversed().find((p) => !p.index)?.key ?? s.field.name
}

function resolveFields(ctx: PlanContext, n: ReadPlan, grouped: boolean): void {
  const table = ctx.cache.tables.get(qualified(n.from))
  const hasAgg = grouped || n.select.some((s) => s.aggregate)
  n.select = n.select.flatMap((s): SelectPlan[] => {
    const plain = !s.field.jsonPath.length && !s.cast && !s.aggregate && !s.alias
    if (plain && s.field.name === 'count' && !table?.columns.has('count'))
      return [
        { ...s, field: { name: '*', jsonPath: [] }, aggregate: 'count', alias: 'count', legacyCount: true },
      ]
    if (s.field.name === '*' && !s.aggregate && hasAgg && table)
      return [...table.columns.values()].map((c) => ({
        field: { name: c.name, jsonPath: [] },
        isJson: false,
      }))
    if (s.field.name === '*' && s.aggregate === 'count' && n.spread) return [{ ...s, fullRow: true }]
    return [{ ...s, ...resolveSelect(table, s.field) }]
  })
  for (const s of n.select) s.alias = aliasOf(s)
  for (const c of n.children) resolveFields(ctx, c, hasAgg)
}

function relatedOrders(n: ReadPlan): void {
  for (const term of n.order) {
    if (!term.relation) continue
    const child = n.children.find((c) => c.relName === term.relation || c.relAlias === term.relation)
    if (!child)
      throw new RestError(
        400,
        'PGRST108',
        `'${term.relation}' is not an embedded resource in this request`,
        null,
        `Verify that '${term.relation}' is included in the 'select' query parameter.`,
      )
    if (!isToOne(child.rel!))
      throw new RestError(
        400,
        'PGRST118',
        `A related order on '${term.relation}' is not possible`,
        `'${n.from.name}' and '${term.relation}' do not form a many-to-one or one-to-one relationship`,
      )
    term.relation = child.aggAlias
  }
}

function embedNullFilters(n: ReadPlan, conds: Condition[]): Condition[] {
  return conds.map((c): Condition => {
    if (c.kind === 'expr') return { ...c, children: embedNullFilters(n, c.children) }
    if (c.kind !== 'filter' || c.filter.field.jsonPath.length) return c
    const child = n.children.find(
      (x) => x.relName === c.filter.field.name || x.relAlias === c.filter.field.name,
    )
    if (!child) return c
    const op = c.filter.operation
    if (op.kind !== 'is' || (op.value !== 'null' && op.value !== 'not_null'))
      throw new RestError(
        400,
        'PGRST120',
        `Bad operator on the '${c.filter.field.name}' embedded resource`,
        'Only is null or not is null filters are allowed on embedded resources',
      )
    return { kind: 'embed-null', isNull: (op.value === 'null') !== c.filter.negate, aggAlias: child.aggAlias }
  })
}

/** A spread child's columns move up to its parent, and so do its aggregates. */
function hoistSpreads(n: ReadPlan): SpreadField[] {
  const hoisted: SpreadField[] = []
  for (const c of n.children) {
    const fromChild = hoistSpreads(c)
    if (c.spread) c.spreadFields = fromChild
  }
  if (!n.spread) return []
  for (const s of n.select) {
    const name = s.alias ?? s.field.name
    if (s.aggregate && !s.fullRow) {
      hoisted.push({ name, aggregate: s.aggregate, aggregateCast: s.aggregateCast, alias: s.alias })
      s.aggregate = undefined
      s.aggregateCast = undefined
    } else hoisted.push({ name })
  }
  for (const c of n.children) {
    if (c.spread) hoisted.push(...c.spreadFields!.map((f) => ({ ...f })))
    else if (!c.empty) hoisted.push({ name: c.relAlias ?? c.relName })
  }
  return hoisted
}

export function finishReadPlan(ctx: PlanContext, root: ReadPlan, mutation: boolean): void {
  resolveFields(ctx, root, false)
  walk(root, (n) => {
    relatedOrders(n)
    n.where = embedNullFilters(n, n.where)
  })
  walk(root, (n) => {
    if (!ctx.aggregatesEnabled && n.select.some((s) => s.aggregate && !s.legacyCount))
      throw new RestError(400, 'PGRST123', 'Use of aggregate functions is not allowed')
  })
  hoistSpreads(root)
  walk(root, (n) => {
    n.empty = n.depth > 0 && !n.select.length && n.children.every((c) => c.empty)
    if (!mutation && ctx.maxRows !== undefined)
      n.range = { ...n.range, limit: Math.min(n.range.limit ?? ctx.maxRows, ctx.maxRows) }
  })
}
