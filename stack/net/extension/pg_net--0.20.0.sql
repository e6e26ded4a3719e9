-- pg_net's interface (schema net), as supabase/pg_net has it and hosted Supabase grants it:
-- requests are queued by the calling transaction and sent by the stack's net worker only once
-- it commits (the NOTIFY is transactional too); responses are kept in net._http_response.
\echo Use "create extension pg_net" to load this file. \quit

create schema if not exists net;

create table net.http_request_queue (
  id bigserial primary key,
  method text not null check (method in ('GET', 'POST', 'DELETE')),
  url text not null,
  headers jsonb not null default '{}',
  body bytea,
  timeout_milliseconds integer not null
);

create unlogged table net._http_response (
  id bigint,
  status_code integer,
  content_type text,
  headers jsonb,
  content text,
  timed_out boolean,
  error_msg text,
  created timestamptz not null default now()
);
create index _http_response_created_idx on net._http_response (created);

-- The stack's own entry point; its presence tells the worker this is the stand-in (a server
-- with the real pg_net sends requests itself).
create function net._stack_enqueue(method text, url text, params jsonb, headers jsonb, body bytea, timeout_milliseconds integer)
returns bigint language plpgsql security definer set search_path = '' as $$
declare
  query text;
  request_id bigint;
begin
  if url is null or url = '' then raise exception 'url must not be empty'; end if;
  if timeout_milliseconds is null or timeout_milliseconds <= 0 then raise exception 'timeout_milliseconds must be positive'; end if;
  select string_agg(pg_catalog.format('%s=%s', k, v), '&') into query
    from (select e.key as k, e.value as v from pg_catalog.jsonb_each_text(coalesce(params, '{}')) e) p;
  if query is not null then
    url := url || case when pg_catalog.strpos(url, '?') > 0 then '&' else '?' end || query;
  end if;
  insert into net.http_request_queue (method, url, headers, body, timeout_milliseconds)
  values (method, url, coalesce(headers, '{}'), body, timeout_milliseconds)
  returning id into request_id;
  perform pg_catalog.pg_notify('net_request', request_id::text);
  return request_id;
end $$;

create function net.http_get(
  url text,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{}'::jsonb,
  timeout_milliseconds integer default 5000
) returns bigint language sql security definer set search_path = '' as $$
  select net._stack_enqueue('GET', url, params, headers, null, timeout_milliseconds)
$$;

create function net.http_post(
  url text,
  body jsonb default '{}'::jsonb,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{"Content-Type": "application/json"}'::jsonb,
  timeout_milliseconds integer default 5000
) returns bigint language sql security definer set search_path = '' as $$
  select net._stack_enqueue('POST', url, params, headers, pg_catalog.convert_to(body::text, 'UTF8'), timeout_milliseconds)
$$;

create function net.http_delete(
  url text,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{}'::jsonb,
  timeout_milliseconds integer default 5000
) returns bigint language sql security definer set search_path = '' as $$
  select net._stack_enqueue('DELETE', url, params, headers, null, timeout_milliseconds)
$$;

-- Who may send: postgres (migrations' functions), the service role and Database Webhooks.
-- (Hosted also grants anon and authenticated; the stack is stricter, never kinder.)
revoke all on schema net from public;
grant usage on schema net to postgres, service_role, supabase_functions_admin;
revoke all on function net._stack_enqueue(text, text, jsonb, jsonb, bytea, integer) from public;
revoke all on function net.http_get(text, jsonb, jsonb, integer), net.http_post(text, jsonb, jsonb, jsonb, integer),
  net.http_delete(text, jsonb, jsonb, integer) from public;
grant execute on function net.http_get(text, jsonb, jsonb, integer), net.http_post(text, jsonb, jsonb, jsonb, integer),
  net.http_delete(text, jsonb, jsonb, integer) to postgres, service_role, supabase_functions_admin;
grant select, insert, update, delete on net.http_request_queue, net._http_response to postgres;
grant usage, select on sequence net.http_request_queue_id_seq to postgres;
