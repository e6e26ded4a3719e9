// What the caller's role can reach in a schema, asked as that role (PostgREST's
// `openapi-mode = follow-privileges`): the OpenAPI root lists only these.
import type { Statement } from '../db/run.ts'

export const accessibleTables = (schema: string): Statement => ({
  text: `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('v', 'r', 'm', 'f', 'p') and n.nspname = $1 and not c.relispartition
      and (pg_has_role(c.relowner, 'USAGE')
        or has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
        or has_any_column_privilege(c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))`,
  values: [schema],
})

export const accessibleFunctions = (schema: string): Statement => ({
  text: `select p.proname as name, p.oid::regprocedure::text as signature from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = $1 and p.prokind = 'f' and has_function_privilege(p.oid, 'execute')`,
  values: [schema],
})

export const schemaDescription = (schema: string): Statement => ({
  text: `select d.description from pg_namespace n left join pg_description d on d.objoid = n.oid
    where n.nspname = $1`,
  values: [schema],
})
