// Finds the relationship an embed names, with PostgREST's rules: by table, by foreign key
// name, by FK column, with `!hint`, self-references, computed relationships; PGRST200 when
// none matches (with a "Perhaps you meant" hint), PGRST201 with the candidates when several do.
import { RestError } from '../errors.ts'
import { closest } from './fuzzy.ts'
import { qualified, type Relationship, type SchemaCache } from '../schema-cache/types.ts'

const singleCol = (r: Relationship, side: 0 | 1): string | undefined =>
  r.kind === 'fk' && r.cardinality.kind !== 'M2M' && r.cardinality.columns.length === 1
    ? r.cardinality.columns[0]![side]
    : undefined

const constraintOf = (r: Relationship) =>
  r.kind === 'fk' && r.cardinality.kind !== 'M2M' ? r.cardinality.constraint : undefined

function matches(r: Relationship, target: string, hint: string | undefined): boolean {
  if (r.kind === 'computed') return target === r.function.name
  const card = r.cardinality.kind
  if (r.isSelf) {
    if (!hint)
      return (
        (target === r.foreignTable.name && card === 'O2M') || (singleCol(r, 0) === target && card === 'M2O')
      )
    return target === r.foreignTable.name && card === 'O2M' && singleCol(r, 1) === hint
  }
  if (!hint)
    return (
      target === r.foreignTable.name ||
      (!r.foreignTableIsView && (constraintOf(r) === target || singleCol(r, 0) === target))
    )
  return (
    target === r.foreignTable.name &&
    (constraintOf(r) === hint ||
      singleCol(r, 0) === hint ||
      singleCol(r, 1) === hint ||
      (r.cardinality.kind === 'M2M' && r.cardinality.junction.table.name === hint))
  )
}

const cols = (xs: string[]) => `(${xs.join(', ')})`

function describe(r: Relationship): Record<string, string> {
  if (r.kind === 'computed') return {}
  const c = r.cardinality
  const embedding = `${r.table.name} with ${r.foreignTable.name}`
  if (c.kind === 'M2M') {
    const j = c.junction
    return {
      cardinality: 'many-to-many',
      embedding,
      relationship: `${j.table.name} using ${j.constraint1}${cols(j.colsSource.map((p) => p[0]))} and ${j.constraint2}${cols(j.colsTarget.map((p) => p[0]))}`,
    }
  }
  const names = { M2O: 'many-to-one', O2M: 'one-to-many', O2O: 'one-to-one' } as const
  return {
    cardinality: names[c.kind],
    embedding,
    relationship: `${c.constraint} using ${r.table.name}${cols(c.columns.map((p) => p[0]))} and ${r.foreignTable.name}${cols(c.columns.map((p) => p[1]))}`,
  }
}

const hintName = (r: Relationship) =>
  r.kind === 'computed'
    ? ''
    : r.cardinality.kind === 'M2M'
      ? r.cardinality.junction.table.name
      : r.cardinality.constraint

function noRelationship(
  cache: SchemaCache,
  schema: string,
  origin: string,
  target: string,
  hint: string | undefined,
): RestError {
  const fromOrigin = cache.relationships.get(`${schema}.${origin}`)
  let suggestion: string | undefined
  if (fromOrigin) {
    const child = closest(target, [...new Set(fromOrigin.map((r) => r.foreignTable.name))], true)
    if (child) suggestion = `Perhaps you meant '${child}' instead of '${target}'.`
  } else {
    const origins = [...cache.relationships.keys()].filter((k) => k.startsWith(`${schema}.`))
    const parent = closest(
      origin,
      origins.map((k) => k.slice(schema.length + 1)),
    )
    if (parent) suggestion = `Perhaps you meant '${parent}' instead of '${origin}'.`
  }
  return new RestError(
    400,
    'PGRST200',
    `Could not find a relationship between '${origin}' and '${target}' in the schema cache`,
    `Searched for a foreign key relationship between '${origin}' and '${target}'${hint ? ` using the hint '${hint}'` : ''} in the schema '${schema}', but no matches were found.`,
    suggestion ?? null,
  )
}

export function findRelationship(
  cache: SchemaCache,
  schema: string,
  origin: string,
  target: string,
  hint: string | undefined,
): Relationship {
  const all = cache.relationships.get(`${schema}.${origin}`) ?? []
  const found = all.filter((r) => r.foreignTable.schema === schema && matches(r, target, hint))
  if (found.length === 1) return found[0]!
  if (found.length === 0) throw noRelationship(cache, schema, origin, target, hint)
  throw new RestError(
    300,
    'PGRST201',
    `Could not embed because more than one relationship was found for '${origin}' and '${target}'`,
    found.map(describe),
    `Try changing '${target}' to one of the following: ${found.map((r) => `'${r.foreignTable.name}!${hintName(r)}'`).join(', ')}. Find the desired relationship in the 'details' key.`,
  )
}

export const relationshipTarget = (r: Relationship) => qualified(r.foreignTable)
