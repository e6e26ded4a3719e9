// The plans the SQL stage turns into statements: a read tree (one node per embedding
// level), a mutation, a function call, each with the media type and transaction mode.
import type { MediaType } from '../request/media.ts'
import type { AggregateFunction, Field, Filter, OrderTerm, Range } from '../request/types.ts'
import type { QualifiedName, Relationship, Routine, Table } from '../schema-cache/types.ts'

export interface SelectPlan {
  field: Field
  alias?: string
  cast?: string
  aggregate?: AggregateFunction
  aggregateCast?: string
  /** The column is json/jsonb: JSON paths apply to it directly, not to to_jsonb(). */
  isJson: boolean
  /** `count()` inside a spread: counts whole rows of the spread relation. */
  fullRow?: boolean
  /** `rel(count)`, the pre-aggregate way of counting: allowed with aggregates disabled. */
  legacyCount?: boolean
}

/** A filter with what the catalog says about its column. */
export interface FilterPlan extends Filter {
  isJson: boolean
  /** The column is a tsvector: full-text search uses it as is. */
  isTsvector: boolean
}

export type Condition =
  | { kind: 'filter'; filter: FilterPlan }
  | { kind: 'expr'; negate: boolean; op: 'and' | 'or'; children: Condition[] }
  /** `embed=is.null` / `embed=not.is.null` on an embedded resource. */
  | { kind: 'embed-null'; isNull: boolean; aggAlias: string }

export interface OrderPlan extends OrderTerm {
  isJson: boolean
}

/** A spread column hoisted to its parent, possibly aggregated there. */
export interface SpreadField {
  name: string
  aggregate?: AggregateFunction
  aggregateCast?: string
  alias?: string
}

export interface ReadPlan {
  from: QualifiedName
  /** The SQL alias of this level: `name_depth`, the root's is its table's name. */
  fromAlias?: string
  relName: string
  relAlias?: string
  relHint?: string
  joinType?: 'inner' | 'left'
  spread: boolean
  depth: number
  select: SelectPlan[]
  where: Condition[]
  order: OrderPlan[]
  range: Range
  /** How this node joins its parent. */
  rel?: Relationship
  /** Parent-column pairs: (this node's column, parent's column). */
  joinOn: Array<[string, string]>
  /** Alias of the lateral subquery this node becomes in its parent. */
  aggAlias: string
  /** Columns of a spread child its parent selects (with hoisted aggregates). */
  spreadFields?: SpreadField[]
  /** The embed selects nothing: it only filters (e.g. `rel!inner()`). */
  empty: boolean
  children: ReadPlan[]
}

export type TxMode = 'read' | 'write'

export interface MutatePlan {
  kind: 'insert' | 'update' | 'delete' | 'upsert-put'
  table: Table
  /** Columns of the payload (insert/update), with their types. */
  columns: Array<{ name: string; type: string; default: string | null }>
  where: Condition[]
  onConflict?: { resolution: 'merge-duplicates' | 'ignore-duplicates'; columns: string[] }
  /** PUT: the filters that must match the payload's primary key. */
  putConditions: Condition[]
  returning: string[]
  applyDefaults: boolean
}

export interface CallPlan {
  routine: Routine
  /** One positional argument: the body as a whole (json/jsonb/text/xml/bytea parameter). */
  positional?: { type: string }
  params: Routine['params']
  /** The arguments: a JSON object (POST body, GET/form arguments encoded as JSON). */
  argsJson: string | null
  rawArg?: Buffer
  returning: string[]
}

export interface Negotiated {
  media: MediaType
  /** How the rows become the body (json array, single object, csv, stripped nulls...). */
  handler: 'json' | 'object' | 'object-stripped' | 'array-stripped' | 'csv' | 'geojson' | 'text' | 'none'
}
