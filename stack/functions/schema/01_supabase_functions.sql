-- Database Webhooks as on Supabase: supabase_functions.http_request() is the trigger function
-- a webhook uses (url, method, headers, params, timeout_ms as trigger arguments); it posts
-- { type, table, schema, record, old_record } through pg_net and books the request in hooks.
-- As on hosted (supabase/postgres 20240822021428_enable_webhooks_by_default), the objects
-- belong to supabase_functions_admin; the requests go through pg_net, which the project's
-- migrations enable: without it a webhook fails with "schema net does not exist", as there.
create schema if not exists supabase_functions;

create table if not exists supabase_functions.hooks (
  id bigserial primary key,
  hook_table_id integer not null,
  hook_name text not null,
  created_at timestamptz not null default now(),
  request_id bigint
);
create index if not exists supabase_functions_hooks_request_id_idx on supabase_functions.hooks (request_id);
create index if not exists supabase_functions_hooks_h_table_id_h_name_idx on supabase_functions.hooks (hook_table_id, hook_name);

create or replace function supabase_functions.http_request()
returns trigger language plpgsql security definer set search_path = supabase_functions as $$
declare
  url text := tg_argv[0];
  method text := tg_argv[1];
  headers jsonb := coalesce(nullif(tg_argv[2], 'null')::jsonb, '{"Content-Type": "application/json"}'::jsonb);
  params jsonb := coalesce(nullif(tg_argv[3], 'null')::jsonb, '{}'::jsonb);
  timeout_ms integer := coalesce(nullif(tg_argv[4], 'null')::integer, 1000);
  payload jsonb;
  request_id bigint;
begin
  if url is null or url = 'null' then raise exception 'url argument is missing'; end if;
  if method is null or method = 'null' then raise exception 'method argument is missing'; end if;
  if method = 'GET' then
    request_id := net.http_get(url, params, headers, timeout_ms);
  elsif method = 'POST' then
    payload := jsonb_build_object(
      'type', tg_op,
      'table', tg_table_name,
      'schema', tg_table_schema,
      'record', case when tg_op = 'DELETE' then null else to_jsonb(new) end,
      'old_record', case when tg_op = 'INSERT' then null else to_jsonb(old) end
    );
    request_id := net.http_post(url, payload, params, headers, timeout_ms);
  else
    raise exception 'method argument % is invalid', method;
  end if;
  insert into supabase_functions.hooks (hook_table_id, hook_name, request_id) values (tg_relid, tg_name, request_id);
  return coalesce(new, old);
end $$;

alter table supabase_functions.hooks owner to supabase_functions_admin;
alter function supabase_functions.http_request() owner to supabase_functions_admin;
revoke all on function supabase_functions.http_request() from public;
grant execute on function supabase_functions.http_request() to postgres, anon, authenticated, service_role;
grant all on supabase_functions.hooks to postgres, service_role;
grant all on sequence supabase_functions.hooks_id_seq to postgres, service_role;
