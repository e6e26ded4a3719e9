-- The order desk: customers, orders with their items, and each order's timeline.
-- The database keeps the rules: the status lifecycle, optimistic concurrency through
-- `version`, totals computed from the items, and a timeline written by triggers.
--
-- Errors the app recognises by SQLSTATE (PostgREST turns PTxyz into HTTP status xyz):
--   PT409  the edit was based on a stale version of the order
--   PT422  a status move the lifecycle does not allow, or an edit of a closed order
--
-- Nothing here is reachable by an API role yet: a project created today grants new objects
-- in public to nobody, and every function starts executable by PUBLIC. The next migration
-- (order_desk_security) grants each object to exactly the roles that need it.

-- Helpers the API never calls directly (policies, triggers, security definer code).
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated;

create type public.order_status as enum (
  'pending', 'confirmed', 'processing', 'shipped', 'out_for_delivery', 'delivered', 'cancelled'
);
create type public.order_event_kind as enum ('created', 'status_changed', 'edited', 'note');

-- customers ---------------------------------------------------------------------------

create table public.customers (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 200),
  email text not null check (length(email) <= 320 and email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  phone text check (length(phone) <= 40),
  address text check (length(address) <= 500),
  user_id uuid unique references auth.users (id) on delete set null,
  notify_email boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.customers is 'Who buys. user_id links a sign-in account, set only for a proven email.';
comment on column public.customers.notify_email is 'The customer''s choice: an email on every order change.';
create unique index customers_email_key on public.customers (lower(email));
create index customers_name_idx on public.customers (lower(name));

-- orders ------------------------------------------------------------------------------

create sequence public.order_number_seq;

create table public.orders (
  id uuid primary key default gen_random_uuid(),
  number text not null unique default 'ORD-' || lpad(nextval('public.order_number_seq')::text, 6, '0'),
  customer_id uuid not null references public.customers (id) on delete restrict,
  status public.order_status not null default 'pending',
  currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  total_cents bigint not null default 0 check (total_cents >= 0),
  notes text check (length(notes) <= 5000),
  carrier text check (length(carrier) <= 100),
  tracking_number text check (length(tracking_number) <= 100),
  estimated_delivery date,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on column public.orders.version is 'Optimistic concurrency: an update names the version it was based on.';
comment on column public.orders.total_cents is 'Sum of the items, kept by the database.';
create index orders_customer_id_idx on public.orders (customer_id);
create index orders_status_idx on public.orders (status);
create index orders_updated_at_idx on public.orders (updated_at desc);
create index orders_created_at_idx on public.orders (created_at desc);

create table public.order_items (
  id uuid primary key default gen_random_uuid(),
  order_id uuid not null references public.orders (id) on delete cascade,
  position integer not null default 0,
  description text not null check (length(btrim(description)) between 1 and 500),
  quantity integer not null check (quantity > 0 and quantity <= 1000000),
  unit_price_cents bigint not null check (unit_price_cents >= 0),
  line_total_cents bigint generated always as (quantity * unit_price_cents) stored,
  created_at timestamptz not null default now()
);
create index order_items_order_id_idx on public.order_items (order_id, position);

create table public.order_events (
  id bigint generated always as identity primary key,
  order_id uuid not null references public.orders (id) on delete cascade,
  kind public.order_event_kind not null,
  from_status public.order_status,
  to_status public.order_status,
  fields text[] not null default '{}',
  note text check (length(btrim(note)) between 1 and 2000),
  actor_id uuid,
  actor_email text,
  created_at timestamptz not null default now(),
  check ((kind = 'note') = (note is not null)),
  check ((kind = 'status_changed') = (to_status is not null))
);
comment on table public.order_events is 'The append-only timeline of every order, written by triggers.';
create index order_events_order_id_idx on public.order_events (order_id, id);

-- the lifecycle -----------------------------------------------------------------------

create function public.next_statuses(from_status public.order_status)
returns public.order_status[]
language sql immutable set search_path = '' as $$
  select case from_status
    when 'pending' then array['confirmed', 'cancelled']
    when 'confirmed' then array['processing', 'cancelled']
    when 'processing' then array['shipped', 'cancelled']
    when 'shipped' then array['out_for_delivery', 'cancelled']
    when 'out_for_delivery' then array['delivered', 'cancelled']
    else array[]::text[]
  end::public.order_status[]
$$;
comment on function public.next_statuses is 'The moves the lifecycle allows from a status.';

create function private.orders_before_update() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.version <> old.version then
    raise exception 'Order % was changed by someone else: it is at version %, this edit was based on version %.',
      old.number, old.version, new.version
      using errcode = 'PT409', hint = 'Reload the order and apply your change again.',
            detail = json_build_object('current_version', old.version)::text;
  end if;
  if new.status <> old.status and not new.status = any (public.next_statuses(old.status)) then
    raise exception 'Order % cannot move from % to %.', old.number, old.status, new.status
      using errcode = 'PT422',
            hint = coalesce('Allowed next: ' || array_to_string(public.next_statuses(old.status), ', ') || '.',
                            'The order is closed.');
  end if;
  if old.status in ('delivered', 'cancelled') and (
       new.customer_id, new.currency, new.total_cents
     ) is distinct from (old.customer_id, old.currency, old.total_cents) then
    raise exception 'Order % is % and can no longer be edited.', old.number, old.status using errcode = 'PT422';
  end if;
  new.id := old.id;
  new.number := old.number;
  new.created_at := old.created_at;
  new.version := old.version + 1;
  new.updated_at := now();
  return new;
end $$;

create trigger orders_before_update before update on public.orders
  for each row execute function private.orders_before_update();

-- totals ------------------------------------------------------------------------------

-- Statement-level, so a save that replaces ten items recomputes each order once.
create function private.refresh_order_totals() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  touched uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct order_id) into touched from new_rows;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct order_id) into touched from old_rows;
  else
    select array_agg(distinct order_id) into touched
      from (select order_id from new_rows union select order_id from old_rows) changed;
  end if;

  update public.orders o
     set total_cents = coalesce((select sum(i.line_total_cents) from public.order_items i where i.order_id = o.id), 0)
   where o.id = any (touched);

  -- An item change is an edit of the order, except while the order is being created.
  insert into public.order_events (order_id, kind, fields, actor_id, actor_email)
  select o.id, 'edited', array['items'], auth.uid(), auth.jwt() ->> 'email'
    from public.orders o
   where o.id = any (touched) and o.created_at < now()
     and not exists (select 1 from public.order_events e
                      where e.order_id = o.id and e.kind = 'edited' and e.fields = array['items'] and e.created_at = now());
  return null;
end $$;

create trigger order_items_totals_insert after insert on public.order_items
  referencing new table as new_rows for each statement execute function private.refresh_order_totals();
create trigger order_items_totals_update after update on public.order_items
  referencing new table as new_rows old table as old_rows
  for each statement execute function private.refresh_order_totals();
create trigger order_items_totals_delete after delete on public.order_items
  referencing old table as old_rows for each statement execute function private.refresh_order_totals();

create function private.order_items_guard() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  o record;
begin
  select number, status into o from public.orders
   where id = case when tg_op = 'DELETE' then old.order_id else new.order_id end;
  if o.status in ('delivered', 'cancelled') then
    raise exception 'Order % is % and its items can no longer change.', o.number, o.status using errcode = 'PT422';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;

create trigger order_items_guard before insert or update or delete on public.order_items
  for each row execute function private.order_items_guard();

-- the timeline ------------------------------------------------------------------------

create function private.log_order_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  edited text[];
begin
  if tg_op = 'INSERT' then
    insert into public.order_events (order_id, kind, to_status, actor_id, actor_email)
    values (new.id, 'created', null, auth.uid(), auth.jwt() ->> 'email');
    return null;
  end if;

  if new.status <> old.status then
    insert into public.order_events (order_id, kind, from_status, to_status, actor_id, actor_email)
    values (new.id, 'status_changed', old.status, new.status, auth.uid(), auth.jwt() ->> 'email');
  end if;

  select coalesce(array_agg(f), '{}') into edited from unnest(array[
    case when new.customer_id is distinct from old.customer_id then 'customer' end,
    case when new.currency is distinct from old.currency then 'currency' end,
    case when new.notes is distinct from old.notes then 'notes' end,
    case when new.carrier is distinct from old.carrier then 'carrier' end,
    case when new.tracking_number is distinct from old.tracking_number then 'tracking_number' end,
    case when new.estimated_delivery is distinct from old.estimated_delivery then 'estimated_delivery' end
  ]) f where f is not null;
  if cardinality(edited) > 0 then
    insert into public.order_events (order_id, kind, fields, actor_id, actor_email)
    values (new.id, 'edited', edited, auth.uid(), auth.jwt() ->> 'email');
  end if;
  return null;
end $$;

create trigger orders_log_insert after insert on public.orders
  for each row execute function private.log_order_change();
create trigger orders_log_update after update on public.orders
  for each row execute function private.log_order_change();

-- Whoever writes a note, the timeline records the real actor and time.
create function private.order_events_stamp() returns trigger
language plpgsql set search_path = '' as $$
begin
  if current_user in ('anon', 'authenticated') then
    new.actor_id := auth.uid();
    new.actor_email := auth.jwt() ->> 'email';
    new.created_at := now();
  end if;
  return new;
end $$;

create trigger order_events_stamp before insert on public.order_events
  for each row execute function private.order_events_stamp();

-- updated_at for customers and notifications (ids and creation time never change) --------

create function private.touch_updated_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.id := old.id;
  new.created_at := old.created_at;
  new.updated_at := now();
  return new;
end $$;

create trigger customers_before_update before update on public.customers
  for each row execute function private.touch_updated_at();

-- writes in one call ------------------------------------------------------------------

-- items = [{description, quantity, unit_price_cents}], kept in the order given. Runs as the
-- caller, so RLS decides whether they may add items to that order.
create function private.insert_order_items(order_id uuid, items jsonb) returns void
language plpgsql set search_path = '' as $$
begin
  if jsonb_typeof(items) is distinct from 'array' or jsonb_array_length(items) = 0 then
    raise exception 'An order needs at least one item.' using errcode = '22023';
  end if;
  insert into public.order_items (order_id, position, description, quantity, unit_price_cents)
  select insert_order_items.order_id, i.ordinality - 1, i.value ->> 'description',
         (i.value ->> 'quantity')::integer, (i.value ->> 'unit_price_cents')::bigint
    from jsonb_array_elements(items) with ordinality i;
end $$;
revoke all on function private.insert_order_items(uuid, jsonb) from public;
grant execute on function private.insert_order_items(uuid, jsonb) to authenticated, service_role;

-- Creates an order with its items in one transaction (one version, one "created" event).
create function public.create_order(
  customer_id uuid,
  items jsonb,
  notes text default null,
  currency text default 'USD',
  carrier text default null,
  tracking_number text default null,
  estimated_delivery date default null
) returns public.orders
language plpgsql set search_path = '' as $$
declare
  created public.orders;
begin
  insert into public.orders (customer_id, notes, currency, carrier, tracking_number, estimated_delivery)
  values (create_order.customer_id, create_order.notes, create_order.currency, create_order.carrier,
          create_order.tracking_number, create_order.estimated_delivery)
  returning * into created;
  perform private.insert_order_items(created.id, items);
  select * into created from public.orders o where o.id = created.id;
  return created;
end $$;
comment on function public.create_order is 'Create an order with its items: items = [{description, quantity, unit_price_cents}].';

-- Replaces an order's items, checked against the version the edit was based on.
create function public.set_order_items(order_id uuid, version integer, items jsonb) returns public.orders
language plpgsql set search_path = '' as $$
declare
  saved public.orders;
begin
  update public.orders o set version = set_order_items.version where o.id = set_order_items.order_id;
  if not found then
    raise exception 'No such order.' using errcode = 'PT404';
  end if;
  delete from public.order_items i where i.order_id = set_order_items.order_id;
  perform private.insert_order_items(set_order_items.order_id, items);
  select * into saved from public.orders o where o.id = set_order_items.order_id;
  return saved;
end $$;
comment on function public.set_order_items is 'Replace the items of an order; version = the version the edit was based on.';
