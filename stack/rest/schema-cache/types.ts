// What PostgREST's schema cache holds: tables and views with their columns and keys, the
// relationships between them (foreign keys both ways, one-to-one, many-to-many through a
// junction, computed relationships) and the functions, overloads included.
export interface QualifiedName {
  schema: string
  name: string
}

export const qualified = (q: QualifiedName) => `${q.schema}.${q.name}`

export interface Column {
  name: string
  /** Type for casts and json_to_recordset (domains over built-ins resolved to their base). */
  type: string
  nominalType: string
  nullable: boolean
  default: string | null
  maxLength: number | null
  enum: string[]
  description: string | null
}

export interface Table extends QualifiedName {
  description: string | null
  isView: boolean
  insertable: boolean
  updatable: boolean
  deletable: boolean
  pk: string[]
  columns: Map<string, Column>
}

/** Column pairs (this side, other side). */
export type ColumnPairs = Array<[string, string]>

export interface Junction {
  table: QualifiedName
  constraint1: string
  constraint2: string
  /** (junction column, source column) and (junction column, target column). */
  colsSource: ColumnPairs
  colsTarget: ColumnPairs
}

export type Cardinality =
  | { kind: 'M2O' | 'O2M' | 'O2O'; constraint: string; columns: ColumnPairs }
  | { kind: 'M2M'; junction: Junction }

export interface FkRelationship {
  kind: 'fk'
  table: QualifiedName
  foreignTable: QualifiedName
  isSelf: boolean
  cardinality: Cardinality
  tableIsView: boolean
  foreignTableIsView: boolean
}

export interface ComputedRelationship {
  kind: 'computed'
  function: QualifiedName
  table: QualifiedName
  foreignTable: QualifiedName
  toOne: boolean
  isSelf: boolean
}

export type Relationship = FkRelationship | ComputedRelationship

export const isToOne = (r: Relationship) =>
  r.kind === 'computed' ? r.toOne : r.cardinality.kind === 'M2O' || r.cardinality.kind === 'O2O'

export interface RoutineParam {
  name: string
  type: string
  /** The type accepting any length (character → character varying). */
  typeMaxLength: string
  required: boolean
  variadic: boolean
}

export interface Routine extends QualifiedName {
  description: string | null
  params: RoutineParam[]
  returns: {
    setOf: boolean
    /** A row type (table, composite, OUT/TABLE parameters) rather than a scalar. */
    composite: boolean
    /** The returned type's name: a table's for `setof t`, embeddable from. */
    type: QualifiedName
    /** A domain over a composite type. */
    compositeAlias: boolean
  }
  volatility: 'immutable' | 'stable' | 'volatile'
  hasVariadic: boolean
  isolation?: string
  /** proconfig settings (SET statement_timeout = ...). */
  settings: Array<[string, string]>
}

export interface SchemaCache {
  schemas: string[]
  tables: Map<string, Table>
  /** Keyed by the origin table (`schema.name`). */
  relationships: Map<string, Relationship[]>
  routines: Map<string, Routine[]>
  timezones: ReadonlySet<string>
}

export const returnsScalar = (r: Routine) => !r.returns.composite && !r.returns.setOf
export const returnsSetOfScalar = (r: Routine) => !r.returns.composite && r.returns.setOf
export const returnsVoid = (r: Routine) =>
  r.returns.type.schema === 'pg_catalog' && r.returns.type.name === 'void'
