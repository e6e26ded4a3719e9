-- Which subscribers may see a row: for each claim set, as that role with those claims under
-- RLS, does the row (found by primary key on the live table) exist? One call per change.
-- A row deleted before the check is not delivered, as on Supabase.
create schema if not exists _realtime;
revoke all on schema _realtime from public;

create or replace function _realtime.visible_to(rel regclass, pk_cols text[], pk_vals text[], claim_sets jsonb)
returns boolean[] language plpgsql set search_path = '' as $$
declare
  result boolean[] := '{}';
  claims jsonb;
  ok boolean;
  cond text;
  rls boolean;
begin
  select relrowsecurity into rls from pg_class where oid = rel;
  select string_agg(format('%I = ($1[%s])::%s', a.attname, k.i, format_type(a.atttypid, a.atttypmod)), ' and ')
    into cond
    from unnest(pk_cols) with ordinality as k(col, i)
    join pg_attribute a on a.attrelid = rel and a.attname = k.col;
  for claims in select value from jsonb_array_elements(claim_sets) loop
    if claims->>'role' not in ('anon', 'authenticated', 'service_role')
       or not has_table_privilege(claims->>'role', rel, 'SELECT') then
      result := result || false;
      continue;
    end if;
    -- As Supabase Realtime: without RLS (or for the service role) the privilege is enough;
    -- with RLS the row is looked up on the live table.
    if not rls or claims->>'role' = 'service_role' then
      result := result || true;
      continue;
    end if;
    perform set_config('request.jwt.claims', claims::text, true);
    execute format('set local role %I', claims->>'role');
    execute format('select exists (select 1 from %s where %s)', rel, cond) into ok using pk_vals;
    reset role;
    result := result || ok;
  end loop;
  return result;
end $$;
