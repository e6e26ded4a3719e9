// The schema cache: relations, columns, keys, relationships and functions of the exposed
// schemas, read from the catalog; identifiers in SQL come only from here.
import type pg from 'pg'

export interface Column {
  name: string
  type: string
  nullable: boolean
  hasDefault: boolean
  isArray: boolean
}

export interface Relation {
  schema: string
  name: string
  kind: string
  columns: Map<string, Column>
  pk: string[]
  comment: string | null
}

export interface ForeignKey {
  name: string
  schema: string
  table: string
  columns: string[]
  fschema: string
  ftable: string
  fcolumns: string[]
}

export interface FunctionArg {
  name: string
  type: string
  hasDefault: boolean
}

export interface DbFunction {
  schema: string
  name: string
  args: FunctionArg[]
  returnType: string
  returnsSet: boolean
  /** Rows with named columns (setof a table, a composite, or `returns table (...)`). */
  returnsRows: boolean
  volatility: 'i' | 's' | 'v'
  /** Column names of `returns table (...)` / OUT parameters, when declared. */
  returnColumns: string[]
}

export interface SchemaCache {
  schemas: string[]
  relations: Map<string, Relation>
  foreignKeys: ForeignKey[]
  functions: Map<string, DbFunction[]>
}

export const key = (schema: string, name: string) => `${schema}.${name}`

const RELATIONS = `
select n.nspname as schema, c.relname as name, c.relkind::text as kind, obj_description(c.oid, 'pg_class') as comment,
  coalesce((select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
      'nullable', not a.attnotnull, 'hasDefault', a.atthasdef or a.attidentity <> '' or a.attgenerated <> '',
      'isArray', t.typcategory = 'A') order by a.attnum)
    from pg_attribute a join pg_type t on t.oid = a.atttypid
    where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '[]') as columns,
  coalesce((select array_agg(a.attname::text order by k.ord) from pg_index i
    cross join lateral unnest(i.indkey) with ordinality k(attnum, ord)
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
    where i.indrelid = c.oid and i.indisprimary), '{}') as pk
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where n.nspname = any($1) and c.relkind in ('r', 'v', 'm', 'f', 'p')`

const FOREIGN_KEYS = `
select con.conname as name, sn.nspname as schema, sc.relname as table, tn.nspname as fschema, tc.relname as ftable,
  array(select a.attname::text from unnest(con.conkey) with ordinality k(n, o)
    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.o) as columns,
  array(select a.attname::text from unnest(con.confkey) with ordinality k(n, o)
    join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.o) as fcolumns
from pg_constraint con
join pg_class sc on sc.oid = con.conrelid join pg_namespace sn on sn.oid = sc.relnamespace
join pg_class tc on tc.oid = con.confrelid join pg_namespace tn on tn.oid = tc.relnamespace
where con.contype = 'f' and sn.nspname = any($1) and tn.nspname = any($1)`

const FUNCTIONS = `
select n.nspname as schema, p.proname as name, p.proretset as "returnsSet", p.provolatile::text as volatility,
  format_type(p.prorettype, null) as "returnType",
  (t.typtype = 'c' or p.prorettype = 'record'::regtype) as "returnsRows",
  coalesce((select json_agg(json_build_object('name', coalesce(p.proargnames[i], ''),
      'type', format_type(coalesce(p.proallargtypes[i], p.proargtypes[i - 1]), null),
      'hasDefault', false, 'position', i) order by i)
    from generate_series(1, coalesce(array_length(p.proallargtypes, 1), p.pronargs)) i
    where coalesce(p.proargmodes[i], 'i') in ('i', 'b', 'v')), '[]') as args,
  p.pronargdefaults as "defaults",
  coalesce(array(select p.proargnames[i] from generate_series(1, coalesce(array_length(p.proargmodes, 1), 0)) i
    where p.proargmodes[i] in ('o', 'b', 't') order by i), '{}') as "returnColumns"
from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_type t on t.oid = p.prorettype
where n.nspname = any($1) and p.prokind = 'f'`

export async function loadSchemaCache(db: pg.Pool, schemas: string[]): Promise<SchemaCache> {
  const [rels, fks, fns] = await Promise.all([
    db.query<{
      schema: string
      name: string
      kind: string
      comment: string | null
      columns: Column[]
      pk: string[]
    }>(RELATIONS, [schemas]),
    db.query<ForeignKey>(FOREIGN_KEYS, [schemas]),
    db.query<DbFunction & { defaults: number }>(FUNCTIONS, [schemas]),
  ])
  const relations = new Map<string, Relation>()
  for (const r of rels.rows) {
    relations.set(key(r.schema, r.name), { ...r, columns: new Map(r.columns.map((c) => [c.name, c])) })
  }
  const functions = new Map<string, DbFunction[]>()
  for (const f of fns.rows) {
    const args = f.args.map((a, i) => ({
      name: a.name,
      type: a.type,
      hasDefault: i >= f.args.length - f.defaults,
    }))
    const list = functions.get(key(f.schema, f.name)) ?? []
    list.push({ ...f, args })
    functions.set(key(f.schema, f.name), list)
  }
  return { schemas, relations, foreignKeys: fks.rows, functions }
}
