-- Who may change the realtime schema, and the stack's postgres_changes visibility check.
-- Idempotent.

-- As on hosted Supabase (supautils' policy grants), `postgres` may create, alter and drop
-- policies on realtime.messages, and nothing else of the realtime schema: it acts through
-- its membership in the owner role, and every other DDL there by a non-superuser is refused.
grant supabase_realtime_admin to postgres;

create or replace function _realtime.guard_realtime_ddl() returns event_trigger
language plpgsql set search_path = '' as $$
declare
  cmd record;
begin
  if (select rolsuper from pg_roles where rolname = current_user) then
    return;
  end if;
  if tg_event = 'sql_drop' then
    for cmd in select * from pg_event_trigger_dropped_objects() loop
      if cmd.schema_name = 'realtime' and cmd.object_type <> 'policy' then
        raise exception 'must be owner of % %', cmd.object_type, cmd.object_identity using errcode = '42501';
      end if;
    end loop;
    return;
  end if;
  for cmd in select * from pg_event_trigger_ddl_commands() loop
    if cmd.schema_name = 'realtime' and cmd.command_tag not in ('CREATE POLICY', 'ALTER POLICY') then
      raise exception 'must be owner of %', cmd.object_identity using errcode = '42501';
    end if;
  end loop;
end $$;

drop event trigger if exists realtime_guard_ddl;
drop event trigger if exists realtime_guard_drop;
create event trigger realtime_guard_ddl on ddl_command_end execute function _realtime.guard_realtime_ddl();
create event trigger realtime_guard_drop on sql_drop execute function _realtime.guard_realtime_ddl();

-- postgres_changes: which of the given claim sets, all of one role, may see a changed row.
-- Without SELECT on the table, none. Otherwise, when `stmt` is given (RLS on, insert or
-- update), the row must be visible: `stmt` is a statement the stack prepared once per
-- table and role, taking the primary key, so each claim set costs one execution of a
-- cached plan, never a new plan.
drop function if exists _realtime.visible_to(regclass, text[], text[], jsonb);
create or replace function _realtime.visible_to(rel oid, stmt text, role_name text, pk_literals text[], claim_sets jsonb)
returns boolean[] language plpgsql set search_path = '' as $$
declare
  call text;
  claims jsonb;
  ok boolean;
  result boolean[] := '{}';
begin
  if not has_table_privilege(role_name, rel, 'SELECT') or stmt is null then
    return array_fill(has_table_privilege(role_name, rel, 'SELECT'), array[jsonb_array_length(claim_sets)]);
  end if;
  call := format('execute %I(%s)', stmt, (select string_agg(quote_literal(v), ', ') from unnest(pk_literals) v));
  perform set_config('request.jwt.claim.sub', '', true), set_config('request.jwt.claim.role', '', true);
  for claims in select value from jsonb_array_elements(claim_sets) loop
    perform set_config('role', role_name, true), set_config('request.jwt.claims', claims::text, true);
    execute call into ok;
    perform set_config('role', 'none', true);
    result := result || ok;
  end loop;
  return result;
end $$;
