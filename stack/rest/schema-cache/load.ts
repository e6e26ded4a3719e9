// Loads the schema cache as PostgREST builds it: tables, foreign keys turned into
// relationships in both directions (one-to-one where the key is unique, many-to-many
// through junction tables), computed relationships overriding same-named ones, functions.
import type pg from 'pg'
import {
  ATTRIBUTES,
  COMPUTED_RELATIONSHIPS,
  FOREIGN_KEYS,
  FUNCTIONS,
  TABLES,
  TIMEZONES,
  VIEWS,
} from './catalog.ts'
import { exchange, type Step } from '../db/exchange.ts'
import { viewForeignKeys, viewLineage, viewPrimaryKeys, type AttributeRow, type ViewRow } from './views.ts'
import {
  qualified,
  type Column,
  type ColumnPairs,
  type FkRelationship,
  type Relationship,
  type Routine,
  type RoutineParam,
  type SchemaCache,
  type Table,
} from './types.ts'

export interface FkRow {
  schema: string
  table: string
  foreignSchema: string
  foreignTable: string
  constraint: string
  columns: ColumnPairs
  oneToOne: boolean
  tableIsView: boolean
  foreignTableIsView: boolean
}

interface FunctionRow {
  schema: string
  name: string
  description: string | null
  params: RoutineParam[]
  setOf: boolean
  composite: boolean
  compositeAlias: boolean
  typeSchema: string
  typeName: string
  volatility: 'i' | 's' | 'v'
  hasVariadic: boolean
  settings: Array<[string, string]>
}

const swap = (pairs: ColumnPairs): ColumnPairs => pairs.map(([a, b]) => [b, a])

export function foreignKeyRelationships(rows: FkRow[]): FkRelationship[] {
  const rels: FkRelationship[] = []
  for (const r of rows) {
    const table = { schema: r.schema, name: r.table }
    const foreign = { schema: r.foreignSchema, name: r.foreignTable }
    const isSelf = qualified(table) === qualified(foreign)
    const kind = r.oneToOne ? 'O2O' : 'M2O'
    const base = { kind: 'fk' as const, isSelf }
    rels.push({
      ...base,
      table,
      foreignTable: foreign,
      cardinality: { kind, constraint: r.constraint, columns: r.columns },
      tableIsView: r.tableIsView,
      foreignTableIsView: r.foreignTableIsView,
    })
    rels.push({
      ...base,
      table: foreign,
      foreignTable: table,
      cardinality: { kind: r.oneToOne ? 'O2O' : 'O2M', constraint: r.constraint, columns: swap(r.columns) },
      tableIsView: r.foreignTableIsView,
      foreignTableIsView: r.tableIsView,
    })
  }
  return rels
}

/** A table with foreign keys to two tables, all their columns in its primary key, joins them. */
export function manyToManyRelationships(
  rels: FkRelationship[],
  tables: Map<string, Table>,
): FkRelationship[] {
  const m2o = rels.filter((r) => r.cardinality.kind === 'M2O')
  const out: FkRelationship[] = []
  for (const a of m2o) {
    for (const b of m2o) {
      if (a === b || qualified(a.table) !== qualified(b.table)) continue
      const ca = a.cardinality as { constraint: string; columns: ColumnPairs }
      const cb = b.cardinality as { constraint: string; columns: ColumnPairs }
      const pk = new Set(tables.get(qualified(a.table))?.pk ?? [])
      if (![...ca.columns, ...cb.columns].every(([col]) => pk.has(col))) continue
      out.push({
        kind: 'fk',
        table: a.foreignTable,
        foreignTable: b.foreignTable,
        isSelf: qualified(a.foreignTable) === qualified(b.foreignTable),
        cardinality: {
          kind: 'M2M',
          junction: {
            table: a.table,
            constraint1: ca.constraint,
            constraint2: cb.constraint,
            colsSource: ca.columns,
            colsTarget: cb.columns,
          },
        },
        tableIsView: a.foreignTableIsView,
        foreignTableIsView: b.foreignTableIsView,
      })
    }
  }
  return out
}

const pairKey = (r: Relationship) =>
  `${qualified(r.table)}|${qualified(r.kind === 'computed' ? r.function : r.foreignTable)}`

/** Computed relationships replace detected ones with the same origin and target name. */
export function groupRelationships(
  fks: FkRelationship[],
  computed: Relationship[],
): Map<string, Relationship[]> {
  const byPair = new Map<string, Relationship[]>()
  for (const r of fks) byPair.set(pairKey(r), [...(byPair.get(pairKey(r)) ?? []), r])
  for (const r of computed) byPair.set(pairKey(r), [r])
  const byOrigin = new Map<string, Relationship[]>()
  for (const list of byPair.values())
    for (const r of list) byOrigin.set(qualified(r.table), [...(byOrigin.get(qualified(r.table)) ?? []), r])
  return byOrigin
}

function routineOf(f: FunctionRow): Routine {
  const isolation = f.settings.find(([k]) => k === 'default_transaction_isolation')?.[1]
  return {
    schema: f.schema,
    name: f.name,
    description: f.description,
    params: f.params,
    returns: {
      setOf: f.setOf,
      composite: f.composite,
      type: { schema: f.typeSchema, name: f.typeName },
      compositeAlias: f.compositeAlias,
    },
    volatility: f.volatility === 'i' ? 'immutable' : f.volatility === 's' ? 'stable' : 'volatile',
    hasVariadic: f.hasVariadic,
    isolation,
    settings: f.settings.filter(([k]) => k !== 'default_transaction_isolation'),
  }
}

export async function loadSchemaCache(pool: pg.Pool, schemas: string[]): Promise<SchemaCache> {
  const db = await pool.connect()
  try {
    // One exchange: every query leaves at once, the answers come back together.
    const step = (text: string, collect: boolean, values?: unknown[]): Step => ({
      text,
      values,
      parse: true,
      collect,
    })
    const [tables, fks, computed, functions, timezones, views, attributes] = await exchange(db, [
      step('begin read only', false),
      step(`select set_config('search_path', '', true)`, false),
      step(TABLES, true, [schemas]),
      step(FOREIGN_KEYS, true),
      step(COMPUTED_RELATIONSHIPS, true, [schemas]),
      step(FUNCTIONS, true, [schemas]),
      step(TIMEZONES, true),
      step(VIEWS, true, [schemas]),
      step(ATTRIBUTES, true),
      step('commit', false),
    ])
    const tableMap = new Map<string, Table>()
    for (const t of tables!.rows as Array<Omit<Table, 'columns'> & { columns: Column[] }>)
      tableMap.set(qualified(t), { ...t, columns: new Map(t.columns.map((c) => [c.name, c])) })
    const lineage = viewLineage(views!.rows as ViewRow[], attributes!.rows as AttributeRow[])
    viewPrimaryKeys(tableMap, lineage)
    const fkRows = fks!.rows as FkRow[]
    const exposed = (r: FkRow) => schemas.includes(r.schema) && schemas.includes(r.foreignSchema)
    const fkRels = foreignKeyRelationships([...fkRows, ...viewForeignKeys(fkRows, lineage)].filter(exposed))
    const computedRels: Relationship[] = computed!.rows.map((r) => ({
      kind: 'computed',
      function: { schema: r.fnSchema, name: r.fnName },
      table: { schema: r.schema, name: r.table },
      foreignTable: { schema: r.foreignSchema, name: r.foreignTable },
      toOne: r.toOne,
      isSelf: r.schema === r.foreignSchema && r.table === r.foreignTable,
    }))
    const routines = new Map<string, Routine[]>()
    for (const f of functions!.rows as FunctionRow[])
      routines.set(qualified(f), [...(routines.get(qualified(f)) ?? []), routineOf(f)])
    return {
      schemas,
      tables: tableMap,
      relationships: groupRelationships(
        [...fkRels, ...manyToManyRelationships(fkRels, tableMap)],
        computedRels,
      ),
      routines,
      timezones: new Set(timezones!.rows.map((r: { name: string }) => r.name)),
    }
  } catch (err) {
    await db.query('rollback').catch(() => {})
    throw err
  } finally {
    db.release()
  }
}
