// What the catalog says about a referenced column, as PostgREST's resolver does: JSON paths
// apply directly to json/jsonb columns (else to to_jsonb(col)), full-text search uses a
// tsvector column as is (else to_tsvector(col)). Unknown columns stay unknown: Postgres
// reports them (42703), as behind PostgREST.
import type { Field, LogicTree } from '../request/types.ts'
import type { Table } from '../schema-cache/types.ts'
import type { Condition } from './types.ts'

const typeOf = (table: Table | undefined, name: string) => table?.columns.get(name)?.type

export function resolveSelect(table: Table | undefined, field: Field): { isJson: boolean } {
  const t = typeOf(table, field.name)
  return { isJson: t === 'json' || t === 'jsonb' }
}

export function resolveCondition(table: Table | undefined, tree: LogicTree): Condition {
  if (tree.kind === 'expr') return { ...tree, children: tree.children.map((c) => resolveCondition(table, c)) }
  const t = typeOf(table, tree.filter.field.name)
  return {
    kind: 'filter',
    filter: { ...tree.filter, isJson: t === 'json' || t === 'jsonb', isTsvector: t === 'tsvector' },
  }
}
