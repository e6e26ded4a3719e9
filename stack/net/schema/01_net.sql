-- pg_net's interface (schema net): requests are queued by the calling transaction and sent by
-- the stack's worker only once it commits (the NOTIFY is transactional too).
create schema if not exists net;
grant usage on schema net to postgres, anon, authenticated, service_role;

create table if not exists net.http_request_queue (
  id bigserial primary key,
  method text not null check (method in ('GET', 'POST', 'DELETE')),
  url text not null,
  headers jsonb not null default '{}',
  body bytea,
  timeout_milliseconds integer not null
);

create unlogged table if not exists net._http_response (
  id bigint,
  status_code integer,
  content_type text,
  headers jsonb,
  content text,
  timed_out boolean,
  error_msg text,
  created timestamptz not null default now()
);
create index if not exists _http_response_created_idx on net._http_response (created);

create or replace function net._enqueue(method text, url text, params jsonb, headers jsonb, body bytea, timeout_milliseconds integer)
returns bigint language plpgsql security definer set search_path = '' as $$
declare
  query text;
  request_id bigint;
begin
  if url is null or url = '' then raise exception 'url must not be empty'; end if;
  if timeout_milliseconds is null or timeout_milliseconds <= 0 then raise exception 'timeout_milliseconds must be positive'; end if;
  select string_agg(pg_catalog.format('%s=%s', k, v), '&') into query
    from (select e.key as k, e.value as v from jsonb_each_text(coalesce(params, '{}')) e) p;
  if query is not null then
    url := url || case when position('?' in url) > 0 then '&' else '?' end || query;
  end if;
  insert into net.http_request_queue (method, url, headers, body, timeout_milliseconds)
  values (method, url, coalesce(headers, '{}'), body, timeout_milliseconds)
  returning id into request_id;
  perform pg_notify('net_request', request_id::text);
  return request_id;
end $$;

create or replace function net.http_get(
  url text,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{}'::jsonb,
  timeout_milliseconds integer default 5000
) returns bigint language sql security definer set search_path = '' as $$
  select net._enqueue('GET', url, params, headers, null, timeout_milliseconds)
$$;

create or replace function net.http_post(
  url text,
  body jsonb default '{}'::jsonb,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{"Content-Type": "application/json"}'::jsonb,
  timeout_milliseconds integer default 5000
) returns bigint language sql security definer set search_path = '' as $$
  select net._enqueue('POST', url, params, headers, convert_to(body::text, 'UTF8'), timeout_milliseconds)
$$;

create or replace function net.http_delete(
  url text,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{}'::jsonb,
  timeout_milliseconds integer default 5000
) returns bigint language sql security definer set search_path = '' as $$
  select net._enqueue('DELETE', url, params, headers, null, timeout_milliseconds)
$$;

revoke all on function net._enqueue(text, text, jsonb, jsonb, bytea, integer) from public;
revoke execute on function net.http_get(text, jsonb, jsonb, integer), net.http_post(text, jsonb, jsonb, jsonb, integer),
  net.http_delete(text, jsonb, jsonb, integer) from public, anon, authenticated;
grant execute on function net.http_get(text, jsonb, jsonb, integer), net.http_post(text, jsonb, jsonb, jsonb, integer),
  net.http_delete(text, jsonb, jsonb, integer) to postgres, service_role;
