// The catalog queries behind the schema cache, run as authenticator with an empty
// search_path so every type name comes back schema-qualified (as PostgREST does).

/** Tables, views, materialized views, foreign and partitioned tables, with columns and PK. */
export const TABLES = `
select n.nspname as schema, c.relname as name, obj_description(c.oid, 'pg_class') as description,
  c.relkind in ('v', 'm') as "isView",
  c.relkind in ('r', 'p') or (c.relkind in ('v', 'f') and (pg_relation_is_updatable(c.oid, true) & 8) = 8) as insertable,
  c.relkind in ('r', 'p') or (c.relkind in ('v', 'f') and (pg_relation_is_updatable(c.oid, true) & 4) = 4) as updatable,
  c.relkind in ('r', 'p') or (c.relkind in ('v', 'f') and (pg_relation_is_updatable(c.oid, true) & 16) = 16) as deletable,
  coalesce((select array_agg(a.attname::text order by k.ord)
    from pg_constraint pk cross join unnest(pk.conkey) with ordinality k(attnum, ord)
    join pg_attribute a on a.attrelid = pk.conrelid and a.attnum = k.attnum
    where pk.conrelid = c.oid and pk.contype = 'p'), '{}') as pk,
  coalesce((select json_agg(json_build_object(
      'name', a.attname,
      'type', case
        when t.typtype = 'd' and bt.typnamespace = 'pg_catalog'::regnamespace then format_type(t.typbasetype, null)
        when t.typnamespace = 'pg_catalog'::regnamespace then format_type(a.atttypid, null)
        else format_type(a.atttypid, a.atttypmod) end,
      'nominalType', format_type(a.atttypid, a.atttypmod),
      'nullable', not (a.attnotnull or (t.typtype = 'd' and t.typnotnull)),
      'default', case
        when t.typbasetype <> 0 then pg_get_expr(t.typdefaultbin, 0)
        when a.attidentity = 'd' then format('nextval(%s)', quote_literal(pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname)))
        when a.attgenerated = 's' then null
        else pg_get_expr(ad.adbin, ad.adrelid) end,
      'maxLength', information_schema._pg_char_max_length(information_schema._pg_truetypid(a.*, t.*),
        information_schema._pg_truetypmod(a.*, t.*)),
      'enum', coalesce((select array_agg(e.enumlabel order by e.enumsortorder) from pg_enum e
        where e.enumtypid = coalesce(nullif(t.typbasetype, 0), t.oid)), '{}'),
      'description', col_description(c.oid, a.attnum)) order by a.attnum)
    from pg_attribute a join pg_type t on t.oid = a.atttypid
    left join pg_type bt on bt.oid = t.typbasetype
    left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
    where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '[]') as columns
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('v', 'r', 'm', 'f', 'p') and n.nspname = any($1) and not c.relispartition`

/** Foreign keys (many-to-one, or one-to-one when the FK columns are a PK or unique key), in
 * every schema: views in exposed schemas may be built on tables elsewhere. */
export const FOREIGN_KEYS = `
select sn.nspname as schema, st.relname as "table", tn.nspname as "foreignSchema", tt.relname as "foreignTable",
  con.conname as "constraint",
  (select json_agg(json_build_array(a.attname, fa.attname) order by k.ord)
    from unnest(con.conkey, con.confkey) with ordinality k(col, fcol, ord)
    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.col
    join pg_attribute fa on fa.attrelid = con.confrelid and fa.attnum = k.fcol) as columns,
  exists (select 1 from pg_constraint u where u.conrelid = con.conrelid and u.contype in ('p', 'u')
    and (select array_agg(x order by x) from unnest(u.conkey) x) = (select array_agg(x order by x) from unnest(con.conkey) x)) as "oneToOne",
  st.relkind in ('v', 'm') as "tableIsView", tt.relkind in ('v', 'm') as "foreignTableIsView"
from pg_constraint con
join pg_class st on st.oid = con.conrelid join pg_namespace sn on sn.oid = st.relnamespace
join pg_class tt on tt.oid = con.confrelid join pg_namespace tn on tn.oid = tt.relnamespace
where con.contype = 'f' and con.conparentid = 0
order by con.conrelid, con.conname`

/** Functions whose row-type argument and row-type result make them computed relationships. */
export const COMPUTED_RELATIONSHIPS = `
select pn.nspname as "fnSchema", p.proname as "fnName", an.nspname as schema, arel.relname as "table",
  rn.nspname as "foreignSchema", rrel.relname as "foreignTable", not p.proretset or p.prorows = 1 as "toOne"
from pg_proc p join pg_namespace pn on pn.oid = p.pronamespace
join pg_class arel on arel.reltype = p.proargtypes[0] join pg_namespace an on an.oid = arel.relnamespace
join pg_class rrel on rrel.reltype = p.prorettype join pg_namespace rn on rn.oid = rrel.relnamespace
where p.pronargs = 1 and arel.relkind in ('v', 'r', 'm', 'f', 'p') and rrel.relkind in ('v', 'r', 'm', 'f', 'p')
  and an.nspname = any($1) and rn.nspname = any($1)`

/** Functions callable through /rpc: named input parameters, or one unnamed of a body type. */
export const FUNCTIONS = `
with args as (
  select p.oid,
    coalesce(json_agg(json_build_object(
      'name', coalesce(p.proargnames[a.i], ''),
      'type', a.type::regtype::text,
      'typeMaxLength', case a.type when 'bit'::regtype then 'bit varying' when 'bit[]'::regtype then 'bit varying[]'
        when 'character'::regtype then 'character varying' when 'character[]'::regtype then 'character varying[]'
        else a.type::regtype::text end,
      'required', a.n <= p.pronargs - p.pronargdefaults,
      'variadic', coalesce(p.proargmodes[a.i] = 'v', false)) order by a.i) filter (where a.i is not null), '[]') as params,
    count(a.i) filter (where coalesce(p.proargnames[a.i], '') = '') as unnamed,
    (array_agg(a.type) filter (where coalesce(p.proargnames[a.i], '') = ''))[1] as unnamed_type
  from pg_proc p
  left join lateral (
    select i, type, row_number() over (order by i) as n
    from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality u(type, i)
    where coalesce(p.proargmodes[i], 'i') in ('i', 'b', 'v')
  ) a on true
  group by p.oid
)
select pn.nspname as schema, p.proname as name, obj_description(p.oid, 'pg_proc') as description, args.params,
  p.proretset as "setOf",
  (rt.typtype = 'c' or coalesce(p.proargmodes::text[] && '{t,b,o}', false)) as composite,
  rt.oid <> p.prorettype as "compositeAlias",
  rtn.nspname as "typeSchema", coalesce(comp.relname, rt.typname) as "typeName",
  p.provolatile::text as volatility, p.provariadic <> 0 as "hasVariadic",
  coalesce((select json_agg(json_build_array(split_part(s, '=', 1), lower(substr(s, strpos(s, '=') + 1))))
    from unnest(p.proconfig) s), '[]') as settings
from pg_proc p join args on args.oid = p.oid
join pg_namespace pn on pn.oid = p.pronamespace
join pg_type declared on declared.oid = p.prorettype
join pg_type rt on rt.oid = case when declared.typtype = 'd' then declared.typbasetype else declared.oid end
join pg_namespace rtn on rtn.oid = rt.typnamespace
left join pg_class comp on comp.oid = rt.typrelid
where pn.nspname = any($1) and p.prokind = 'f' and rt.oid <> 'trigger'::regtype
  and (args.unnamed = 0 or (args.unnamed = 1 and args.unnamed_type in
    ('bytea'::regtype, 'json'::regtype, 'jsonb'::regtype, 'text'::regtype, 'xml'::regtype)))`

export const TIMEZONES = `select name from pg_timezone_names`

/** Views with their stored query, to trace their columns back to tables. */
export const VIEWS = `
select c.oid::int as oid, n.nspname as schema, c.relname as name, r.ev_action::text as definition
from pg_class c join pg_namespace n on n.oid = c.relnamespace
join pg_rewrite r on r.ev_class = c.oid and r.rulename = '_RETURN'
where c.relkind in ('v', 'm') and n.nspname = any($1)`

/** Column numbers and names of the relations views can be built on. */
export const ATTRIBUTES = `
select a.attrelid::int as relid, n.nspname as schema, c.relname as name, a.attnum::int as attnum, a.attname as column
from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
where a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'v', 'm', 'f', 'p')
  and n.nspname not in ('pg_catalog', 'information_schema')`
