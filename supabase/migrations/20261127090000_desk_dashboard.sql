-- The dashboard's picture of the business, computed by the database under the caller's RLS:
-- counts per status, orders and revenue today and over the last 7 days, what needs
-- attention, orders per day for 14 days, and one customer's overview.
--
-- Every function here runs as the caller (security invoker), so it sees exactly the rows
-- its policies let it see: an admin (aal2) gets the whole desk, a customer their own orders
-- only, an admin at aal1 no more than a customer. The one piece that reads beyond the public
-- tables (a customer's sign-in state, from auth.users) answers admins only.
--
-- Money is never added across currencies: revenue comes as one amount per currency (there
-- are no exchange rates in the database, and a converted total would be a guess).
-- Revenue = the totals of the orders placed in the period that are not cancelled.
--
-- Days are the shop's days: `desk_settings.time_zone` says where midnight is.

-- Settings admins edit -------------------------------------------------------------------

create table public.desk_settings (
  id boolean primary key default true check (id),
  pending_alert_minutes integer not null default 1440 check (pending_alert_minutes between 5 and 43200),
  time_zone text not null default 'UTC' check (length(time_zone) <= 64),
  updated_at timestamptz not null default now(),
  updated_by uuid
);
comment on table public.desk_settings is 'The desk''s settings, one row: edited by admins.';
comment on column public.desk_settings.pending_alert_minutes is
  'An order pending longer than this needs attention (5 minutes to 30 days; default one day).';
comment on column public.desk_settings.time_zone is
  'The shop''s time zone (IANA name): where "today" and each day of the chart begin.';
insert into public.desk_settings default values;

create function private.desk_settings_stamp() returns trigger
language plpgsql set search_path = '' as $$
begin
  if not exists (select 1 from pg_catalog.pg_timezone_names z where z.name = new.time_zone) then
    raise exception 'Unknown time zone: %.', new.time_zone
      using errcode = '22023', hint = 'Use an IANA name such as Europe/London or America/New_York.';
  end if;
  new.id := old.id;
  new.updated_at := now();
  new.updated_by := auth.uid();
  return new;
end $$;
revoke all on function private.desk_settings_stamp() from public;
create trigger desk_settings_stamp before update on public.desk_settings
  for each row execute function private.desk_settings_stamp();

alter table public.desk_settings enable row level security;
revoke all on public.desk_settings from anon, authenticated, service_role;
grant select, update (pending_alert_minutes, time_zone) on public.desk_settings to authenticated;
create policy "desk_settings: admins read" on public.desk_settings
  for select to authenticated using ((select public.is_admin()));
create policy "desk_settings: admins edit" on public.desk_settings
  for update to authenticated using ((select public.is_admin())) with check ((select public.is_admin()));

-- What needs attention finds these fast however many orders are closed.
create index orders_pending_since_idx on public.orders (created_at) where status = 'pending';
create index orders_open_eta_idx on public.orders (estimated_delivery)
  where status not in ('delivered', 'cancelled') and estimated_delivery is not null;

-- Pieces ---------------------------------------------------------------------------------

-- Orders placed in the 14 shop days ending today, counted by day, status and currency: one
-- scan that the periods and the chart are both drawn from.
create function private.desk_placed(today date, zone text, customer uuid)
returns table (day date, status public.order_status, currency text, orders bigint, cents bigint)
language sql stable set search_path = '' as $$
  select (o.created_at at time zone zone)::date, o.status, o.currency, count(*),
         coalesce(sum(o.total_cents) filter (where o.status <> 'cancelled'), 0)
    from public.orders o
   where o.created_at >= ((today - 13)::timestamp at time zone zone)
     and (customer is null or o.customer_id = customer)
   group by 1, 2, 3
$$;

-- Orders that need someone: pending longer than the setting, an email that failed (until it
-- is re-sent), an estimated delivery day gone by without delivery. Counts per reason and the
-- oldest `max_rows` cases.
create function private.desk_attention(today date, zone text, alert_minutes integer, customer uuid, max_rows integer)
returns jsonb
language sql stable set search_path = '' as $$
  with flagged as (
    select o.id, 'pending_too_long' as reason, o.created_at as since
      from public.orders o
     where o.status = 'pending' and o.created_at < now() - make_interval(mins => alert_minutes)
       and (customer is null or o.customer_id = customer)
    union all
    select o.id, 'email_failed', max(n.updated_at)
      from public.notifications n
      join public.orders o on o.id = n.order_id
     where n.status = 'failed' and (customer is null or o.customer_id = customer)
     group by o.id
    union all
    select o.id, 'past_eta', (o.estimated_delivery::timestamp at time zone zone)
      from public.orders o
     where o.status not in ('delivered', 'cancelled') and o.estimated_delivery < today
       and (customer is null or o.customer_id = customer)
  ), listed as (
    select f.* from flagged f order by f.since, f.id limit greatest(0, least(max_rows, 200))
  )
  select jsonb_build_object(
    'pending_too_long', (select count(*) from flagged where reason = 'pending_too_long'),
    'email_failed', (select count(*) from flagged where reason = 'email_failed'),
    'past_eta', (select count(*) from flagged where reason = 'past_eta'),
    'orders', coalesce((
      select jsonb_agg(jsonb_build_object(
               'id', o.id, 'number', o.number, 'status', o.status, 'version', o.version,
               'customer_id', o.customer_id, 'customer_name', c.name, 'reason', l.reason, 'since', l.since,
               'estimated_delivery', o.estimated_delivery)
             order by l.since, l.id)
        from listed l
        join public.orders o on o.id = l.id
        join public.customers c on c.id = o.customer_id), '[]'))
$$;

revoke all on function private.desk_placed(date, text, uuid),
  private.desk_attention(date, text, integer, uuid, integer) from public;
grant execute on function private.desk_placed(date, text, uuid),
  private.desk_attention(date, text, integer, uuid, integer) to authenticated;

-- The dashboard ----------------------------------------------------------------------------

create function public.dashboard(customer_id uuid default null, attention_limit integer default 25)
returns jsonb
language sql stable set search_path = '' as $$
  -- Non-admins read no settings row: they get the defaults (and, under RLS, no admin data).
  with clock as (
    select coalesce(max(s.pending_alert_minutes), 1440) as alert_minutes, coalesce(max(s.time_zone), 'UTC') as zone,
           (now() at time zone coalesce(max(s.time_zone), 'UTC'))::date as today
      from public.desk_settings s
  ), placed as materialized (
    select p.* from clock k, private.desk_placed(k.today, k.zone, dashboard.customer_id) p
  ), periods as (
    select k.name, coalesce(sum(c.orders), 0) as orders,
           coalesce(jsonb_agg(jsonb_build_object('currency', c.currency, 'cents', c.cents) order by c.cents desc, c.currency)
                    filter (where c.currency is not null), '[]') as revenue
      from (values ('orders_today', 0), ('orders_last_7_days', 6)) k (name, days)
      left join lateral (
        select p.currency, sum(p.orders) as orders, sum(p.cents) as cents
          from placed p, clock
         where p.day >= clock.today - k.days
         group by p.currency) c on true
     group by k.name
  ), days as (
    select clock.today - n as day from clock, generate_series(0, 13) n
  )
  select jsonb_build_object(
    'as_of', now(),
    'time_zone', k.zone,
    'today', k.today,
    'pending_alert_minutes', k.alert_minutes,
    'customer_id', dashboard.customer_id,
    'counts', (select jsonb_object_agg(s.status, coalesce(c.n, 0))
                 from unnest(enum_range(null::public.order_status)) s (status)
                 left join (select o.status, count(*) as n from public.orders o
                             where dashboard.customer_id is null or o.customer_id = dashboard.customer_id
                             group by o.status) c on c.status = s.status),
    'orders_today', (select jsonb_build_object('orders', p.orders, 'revenue', p.revenue)
                       from periods p where p.name = 'orders_today'),
    'orders_last_7_days', (select jsonb_build_object('orders', p.orders, 'revenue', p.revenue)
                             from periods p where p.name = 'orders_last_7_days'),
    'attention', private.desk_attention(k.today, k.zone, k.alert_minutes, dashboard.customer_id, attention_limit),
    'per_day', (select jsonb_agg(jsonb_build_object(
                         'day', d.day,
                         'total', (select coalesce(sum(p.orders), 0) from placed p where p.day = d.day),
                         'by_status', (select jsonb_object_agg(s.status, coalesce(
                                                (select sum(p.orders) from placed p where p.day = d.day and p.status = s.status), 0))
                                         from unnest(enum_range(null::public.order_status)) s (status)))
                       order by d.day)
                  from days d))
    from clock k
$$;
comment on function public.dashboard is
  'The dashboard''s header under the caller''s RLS: counts per status, orders and revenue (per currency) today and over 7 days, what needs attention, orders per day for 14 days. customer_id narrows it to one customer.';
revoke all on function public.dashboard(uuid, integer) from public, anon, authenticated, service_role;
grant execute on function public.dashboard(uuid, integer) to authenticated;

-- One customer ------------------------------------------------------------------------------

-- Whether the customer can sign in: 'linked' (their account is linked), 'invited' (an
-- account exists for the address, not linked yet) or 'none'; admins only, since it reads
-- auth.users. Security definer: the API roles cannot read auth.users.
create function private.customer_sign_in(customer uuid) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  c public.customers;
  u auth.users;
begin
  if not public.is_admin() then
    return null;
  end if;
  select * into c from public.customers where id = customer;
  if not found then
    return null;
  end if;
  if c.user_id is not null then
    select * into u from auth.users where id = c.user_id;
  else
    select * into u from auth.users where lower(email) = lower(c.email);
  end if;
  return jsonb_build_object(
    'state', case when c.user_id is not null then 'linked' when u.id is not null then 'invited' else 'none' end,
    'last_sign_in_at', u.last_sign_in_at,
    'invited_at', u.invited_at,
    'email_confirmed_at', u.email_confirmed_at);
end $$;
revoke all on function private.customer_sign_in(uuid) from public;
grant execute on function private.customer_sign_in(uuid) to authenticated;

create function public.customer_overview(customer_id uuid) returns jsonb
language sql stable set search_path = '' as $$
  select jsonb_build_object(
    'customer_id', c.id,
    'orders', (select count(*) from public.orders o where o.customer_id = c.id),
    'open_orders', (select count(*) from public.orders o
                     where o.customer_id = c.id and o.status not in ('delivered', 'cancelled')),
    'last_order_at', (select max(o.created_at) from public.orders o where o.customer_id = c.id),
    'lifetime_spend', coalesce((
      select jsonb_agg(jsonb_build_object('currency', t.currency, 'cents', t.cents) order by t.cents desc, t.currency)
        from (select o.currency, sum(o.total_cents) as cents from public.orders o
               where o.customer_id = c.id and o.status <> 'cancelled' group by o.currency) t), '[]'),
    'sign_in', private.customer_sign_in(c.id))
    from public.customers c
   where c.id = customer_overview.customer_id
$$;
comment on function public.customer_overview is
  'One customer at a glance under the caller''s RLS: order count, open orders, lifetime spend per currency (cancelled orders excluded), and for admins whether they can sign in.';
revoke all on function public.customer_overview(uuid) from public, anon, authenticated, service_role;
grant execute on function public.customer_overview(uuid) to authenticated;
