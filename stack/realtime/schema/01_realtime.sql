-- Realtime Authorization and Broadcast from Database, as a hosted project has them:
-- realtime.messages (partitioned by day, RLS on, owned by supabase_realtime_admin),
-- realtime.topic(), realtime.send(), realtime.broadcast_changes()
-- and realtime.authorize() (the join check). Idempotent. Binary broadcasts
-- (realtime.send_binary) are not offered: calling it fails rather than delivering nothing.

grant all on schema realtime to supabase_realtime_admin;

create table if not exists realtime.messages (
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default false,
  updated_at timestamp without time zone not null default timezone('utc', now()),
  inserted_at timestamp without time zone not null default timezone('utc', now()),
  id uuid not null default gen_random_uuid(),
  binary_payload bytea,
  skip_broadcast boolean not null default false,
  constraint messages_payload_exclusive check (payload is null or binary_payload is null),
  constraint messages_pkey primary key (id, inserted_at)
) partition by range (inserted_at);
create index if not exists messages_inserted_at_topic_index on only realtime.messages (inserted_at desc, topic)
  where extension = 'broadcast' and private is true;
alter table realtime.messages enable row level security;
alter table realtime.messages owner to supabase_realtime_admin;

revoke all on realtime.messages from anon, authenticated, service_role, postgres;
grant select, insert, update on realtime.messages to anon, authenticated, service_role;
grant select, insert on realtime.messages to postgres with grant option;
grant references, delete, trigger, truncate, maintain, update on realtime.messages to postgres;
grant all on realtime.messages to dashboard_user;

-- One partition per UTC day; the realtime service keeps a few days ahead and drops those
-- older than three days, as hosted Realtime does.
create schema if not exists _realtime;
revoke all on schema _realtime from public;

create or replace function _realtime.ensure_message_partitions(keep_days int default 3, ahead_days int default 3)
returns void language plpgsql set search_path = '' as $$
declare
  today date := timezone('utc', now())::date;
  d date;
  part record;
begin
  for d in select generate_series(today - 1, today + ahead_days, interval '1 day')::date loop
    if to_regclass(format('realtime.messages_%s', to_char(d, 'YYYY_MM_DD'))) is null then
      execute format('create table realtime.%I partition of realtime.messages for values from (%L) to (%L)',
                     'messages_' || to_char(d, 'YYYY_MM_DD'), d, d + 1);
      execute format('alter table realtime.%I owner to supabase_realtime_admin', 'messages_' || to_char(d, 'YYYY_MM_DD'));
    end if;
  end loop;
  for part in
    select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'realtime.messages'::regclass and c.relname ~ '^messages_\d{4}_\d{2}_\d{2}$'
       and to_date(substr(c.relname, 10), 'YYYY_MM_DD') < today - keep_days
  loop
    execute format('drop table realtime.%I', part.relname);
  end loop;
end $$;
select _realtime.ensure_message_partitions();

-- The stack reads inserted messages from the same replication slot as postgres_changes,
-- so broadcasts and row changes reach clients in one commit order.
do $$
begin
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime_messages_publication') then
    create publication supabase_realtime_messages_publication for table realtime.messages
      with (publish = 'insert', publish_via_partition_root = true);
  end if;
end $$;

create or replace function realtime.topic() returns text
language sql stable as $$
  select nullif(current_setting('realtime.topic', true), '')::text
$$;

-- Runs as the caller: a trigger function that calls it should be security definer (as
-- Supabase's guide shows) so the insert is not held to the caller's insert policies.
create or replace function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void language plpgsql as $$
declare
  message_id uuid := gen_random_uuid();
begin
  begin
    perform set_config('realtime.topic', topic, true);
    insert into realtime.messages (id, payload, event, topic, private, extension)
    values (message_id,
            case when payload ? 'id' then payload else jsonb_set(payload, '{id}', to_jsonb(message_id)) end,
            event, topic, private, 'broadcast');
  exception when others then
    raise warning 'WarnSendingBroadcastMessage: %', sqlerrm;
  end;
end $$;

-- The row change in the shape Postgres Changes uses, sent on a private topic.
create or replace function realtime.broadcast_changes(
  topic_name text, event_name text, operation text, table_name text, table_schema text,
  new record, old record, level text default 'ROW'
) returns void language plpgsql as $$
begin
  if level = 'STATEMENT' then
    raise exception 'function can only be triggered for each row, not for each statement';
  end if;
  if operation not in ('INSERT', 'UPDATE', 'DELETE') then
    raise exception 'Unexpected operation type: %', operation;
  end if;
  perform realtime.send(
    jsonb_build_object('old_record', old, 'record', new, 'operation', operation,
                       'table', table_name, 'schema', table_schema),
    event_name, topic_name);
exception when others then
  raise exception 'Failed to process the row: %', sqlerrm;
end $$;

-- Which extensions a role with these claims may read (select) and write (insert) on a
-- topic. Probe rows are written as the caller, read back as `role_name`; all of it is
-- rolled back, so nothing is ever stored.
create or replace function realtime.authorize(
  role_name text, topic_name text, claims text, sub text, headers text,
  read_extensions text[], write_extensions text[],
  out read_allowed boolean[], out write_allowed boolean[]
) returns record language plpgsql as $$
declare
  probes uuid[];
  ext text;
  ok boolean;
begin
  perform set_config('synchronous_commit', 'off', true);
  begin
    probes := array(select gen_random_uuid() from unnest(read_extensions));
    insert into realtime.messages (id, topic, extension)
    select p.id, topic_name, p.ext from unnest(probes, read_extensions) as p(id, ext);

    perform set_config('role', role_name, true),
            set_config('realtime.topic', topic_name, true),
            set_config('request.jwt.claims', claims, true),
            set_config('request.jwt.claim.sub', coalesce(sub, ''), true),
            set_config('request.jwt.claim.role', role_name, true),
            set_config('request.headers', headers, true);

    read_allowed := array(
      select exists (select 1 from realtime.messages m where m.id = p.id)
        from unnest(probes) with ordinality as p(id, n) order by p.n);

    write_allowed := '{}';
    foreach ext in array write_extensions loop
      begin
        insert into realtime.messages (topic, extension) values (topic_name, ext);
        ok := true;
      exception when insufficient_privilege then
        ok := false;
      end;
      write_allowed := write_allowed || ok;
    end loop;
    raise sqlstate 'RTA01';
  exception when sqlstate 'RTA01' then
    null;
  end;
end $$;

alter function realtime.topic() owner to supabase_realtime_admin;
alter function realtime.send(jsonb, text, text, boolean) owner to supabase_realtime_admin;
alter function realtime.broadcast_changes(text, text, text, text, text, record, record, text) owner to supabase_realtime_admin;
alter function realtime.authorize(text, text, text, text, text, text[], text[]) owner to supabase_realtime_admin;
grant all on function realtime.topic(), realtime.send(jsonb, text, text, boolean),
  realtime.broadcast_changes(text, text, text, text, text, record, record, text) to postgres, dashboard_user;
