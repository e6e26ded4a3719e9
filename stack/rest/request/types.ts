// The parsed request, PostgREST's ApiRequest: what the client asked for, before any
// catalog lookup. Names are still unchecked strings here.
import type { MediaType } from './media.ts'
import type { Preferences } from './preferences.ts'

export interface JsonStep {
  arrow: '->' | '->>'
  key: string
  /** `->0`, `->>-1`: an array index, not a key. */
  index: boolean
}

export interface Field {
  name: string
  jsonPath: JsonStep[]
}

export type AggregateFunction = 'count' | 'sum' | 'avg' | 'max' | 'min'

export interface SelectField {
  kind: 'field'
  /** `*` for the star and for `count()`. */
  field: Field
  alias?: string
  cast?: string
  aggregate?: AggregateFunction
  aggregateCast?: string
}

export interface SelectRelation {
  kind: 'relation'
  name: string
  alias?: string
  hint?: string
  joinType?: 'inner' | 'left'
  spread: boolean
  children: SelectItem[]
}

export type SelectItem = SelectField | SelectRelation

export type SimpleOperator = 'neq' | 'cs' | 'cd' | 'ov' | 'sl' | 'sr' | 'nxr' | 'nxl' | 'adj'
export type QuantOperator = 'eq' | 'gte' | 'gt' | 'lte' | 'lt' | 'like' | 'ilike' | 'match' | 'imatch'
export type FtsOperator = 'fts' | 'plfts' | 'phfts' | 'wfts'
export type IsValue = 'null' | 'not_null' | 'true' | 'false' | 'unknown'

export type Operation =
  | { kind: 'simple'; op: SimpleOperator; value: string }
  | { kind: 'quant'; op: QuantOperator; quantifier?: 'any' | 'all'; value: string }
  | { kind: 'in'; values: string[] }
  | { kind: 'is'; value: IsValue }
  | { kind: 'isdistinct'; value: string }
  | { kind: 'fts'; op: FtsOperator; language?: string; value: string }

export interface Filter {
  field: Field
  negate: boolean
  operation: Operation
}

export type LogicTree =
  | { kind: 'filter'; filter: Filter }
  | { kind: 'expr'; negate: boolean; op: 'and' | 'or'; children: LogicTree[] }

export interface OrderTerm {
  /** `order=clients(name)`: a column of an embedded to-one resource. */
  relation?: string
  field: Field
  direction?: 'asc' | 'desc'
  nulls?: 'first' | 'last'
}

export interface Range {
  offset: number
  limit?: number
}

/** Embedding path: [] for the root, ['clients'], ['clients', 'projects']... */
export type EmbedPath = string[]

export interface QueryParams {
  canonical: string
  select: SelectItem[]
  filters: Array<{ path: EmbedPath; filter: Filter }>
  logic: Array<{ path: EmbedPath; tree: LogicTree }>
  order: Array<{ path: EmbedPath; terms: OrderTerm[] }>
  /** Keyed by the embedding path joined with '.', '' for the root. */
  ranges: Map<string, Range>
  /** GET /rpc/fn?a=1: arguments (repeated names become arrays for variadic parameters). */
  rpcArgs: Array<[string, string]>
  columns?: string[]
  onConflict?: string[]
}

export type Target = { kind: 'root' } | { kind: 'relation'; name: string } | { kind: 'routine'; name: string }

export type Payload =
  | { kind: 'json'; raw: string; keys: string[]; isArray: boolean; isEmpty: boolean }
  | { kind: 'form'; args: Array<[string, string]> }
  | { kind: 'raw'; raw: Buffer; mediaType: MediaType }

export interface ApiRequest {
  method: string
  /** The path behind the gateway (`/todos`, `/rpc/fn`), as PostgREST sees it: `request.path`. */
  path: string
  target: Target
  schema: string
  /** Whether Accept-Profile / Content-Profile chose the schema (then Content-Profile is echoed). */
  negotiatedByProfile: boolean
  query: QueryParams
  prefs: Preferences
  accept: MediaType[]
  contentType: MediaType
  payload?: Payload
  /** The `Range` header of the root: `Range: 0-9`. */
  topRange?: Range
  headers: Record<string, string>
  cookies: Record<string, string>
}
