-- Who may do what: row-level security on every table, tightened grants, and the rule that
-- links a customer to a sign-in account only once the account has proven the email.
--
--   anon           nothing
--   customer       reads their own customer row, orders, items and timeline; changes only
--                  their own contact details and notification preference
--   admin          (JWT app_metadata.role = 'admin') creates and edits customers, orders and
--                  items; writes notes; reads timelines and the email outbox; rewrites no history
--   service_role   everything (edge functions only)

create function public.is_admin() returns boolean
language sql stable set search_path = '' as $$
  select coalesce((auth.jwt() -> 'app_metadata' ->> 'role') = 'admin', false)
$$;
comment on function public.is_admin is 'True when the caller''s JWT says app_metadata.role = admin.';

-- The caller's own customer row. Security definer so policies on other tables do not pay
-- for the customers policy on every row; called as (select ...) so it runs once per query.
create function private.my_customer_id() returns uuid
language sql stable security definer set search_path = '' as $$
  select id from public.customers where user_id = auth.uid()
$$;
revoke all on function private.my_customer_id() from public;
grant execute on function private.my_customer_id() to authenticated, service_role;

alter table public.customers enable row level security;
alter table public.orders enable row level security;
alter table public.order_items enable row level security;
alter table public.order_events enable row level security;

-- Grants: anon gets nothing; authenticated gets only what some policy can use, and only the
-- columns a person may write (ids, versions' bookkeeping, totals and links are the database's).
revoke all on public.customers, public.orders, public.order_items, public.order_events from anon, authenticated;
revoke all on sequence public.order_number_seq from anon;
grant select, delete on public.customers to authenticated;
grant insert (name, email, phone, address, notify_email) on public.customers to authenticated;
grant update (name, email, phone, address, notify_email) on public.customers to authenticated;
grant select on public.orders to authenticated;
grant insert (customer_id, currency, notes, carrier, tracking_number, estimated_delivery) on public.orders to authenticated;
grant update (customer_id, status, currency, notes, carrier, tracking_number, estimated_delivery, version)
  on public.orders to authenticated;
grant select, delete on public.order_items to authenticated;
grant insert (order_id, position, description, quantity, unit_price_cents) on public.order_items to authenticated;
grant update (position, description, quantity, unit_price_cents) on public.order_items to authenticated;
grant select on public.order_events to authenticated;
grant insert (order_id, kind, note) on public.order_events to authenticated;
revoke all on function public.create_order, public.set_order_items from public, anon;
grant execute on function public.create_order, public.set_order_items to authenticated, service_role;

-- customers
create policy "customers: admins and the customer read" on public.customers
  for select to authenticated using ((select public.is_admin()) or user_id = (select auth.uid()));
create policy "customers: admins add" on public.customers
  for insert to authenticated with check ((select public.is_admin()));
create policy "customers: admins and the customer edit" on public.customers
  for update to authenticated
  using ((select public.is_admin()) or user_id = (select auth.uid()))
  with check ((select public.is_admin()) or user_id = (select auth.uid()));
create policy "customers: admins remove" on public.customers
  for delete to authenticated using ((select public.is_admin()));

-- A customer may change their contact details and preference, not the email orders go to.
create function private.customers_guard_email() returns trigger
language plpgsql set search_path = '' as $$
begin
  if current_user = 'authenticated' and not public.is_admin() and new.email is distinct from old.email then
    raise exception 'Only the shop can change the email address of a customer.' using errcode = '42501';
  end if;
  return new;
end $$;
create trigger customers_guard_email before update on public.customers
  for each row execute function private.customers_guard_email();

-- orders
create policy "orders: admins and the customer read" on public.orders
  for select to authenticated
  using ((select public.is_admin()) or customer_id = (select private.my_customer_id()));
create policy "orders: admins add" on public.orders
  for insert to authenticated with check ((select public.is_admin()));
create policy "orders: admins edit" on public.orders
  for update to authenticated using ((select public.is_admin())) with check ((select public.is_admin()));

-- order_items
create policy "order_items: admins and the customer read" on public.order_items
  for select to authenticated
  using ((select public.is_admin()) or exists (
    select 1 from public.orders o where o.id = order_id and o.customer_id = (select private.my_customer_id())));
create policy "order_items: admins add" on public.order_items
  for insert to authenticated with check ((select public.is_admin()));
create policy "order_items: admins edit" on public.order_items
  for update to authenticated using ((select public.is_admin())) with check ((select public.is_admin()));
create policy "order_items: admins remove" on public.order_items
  for delete to authenticated using ((select public.is_admin()));

-- order_events: append-only; admins may add notes, triggers write the rest
create policy "order_events: admins and the customer read" on public.order_events
  for select to authenticated
  using ((select public.is_admin()) or exists (
    select 1 from public.orders o where o.id = order_id and o.customer_id = (select private.my_customer_id())));
create policy "order_events: admins add notes" on public.order_events
  for insert to authenticated with check ((select public.is_admin()) and kind = 'note');

-- Linking an account to its customer row --------------------------------------------------
-- Only an email the account has proven links it: confirming the address, or signing in
-- with an emailed code, magic link, invite or recovery link. A password sign-up with
-- someone else's address proves nothing and links nothing.
create function private.link_customer(account uuid) returns void
language plpgsql security definer set search_path = '' as $$
begin
  update public.customers c set user_id = u.id
    from auth.users u
   where u.id = account and lower(c.email) = lower(u.email) and c.user_id is null
     and not exists (select 1 from public.customers taken where taken.user_id = u.id);
exception when others then
  -- Never block a sign-in over a link; the admin can still invite the customer.
  raise warning 'linking account % to its customer failed: %', account, sqlerrm;
end $$;
revoke all on function private.link_customer(uuid) from public;

create function private.link_on_email_confirmed() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.link_customer(new.id);
  return null;
end $$;
create trigger link_customer_on_email_confirmed
  after update of email_confirmed_at on auth.users
  for each row when (old.email_confirmed_at is null and new.email_confirmed_at is not null)
  execute function private.link_on_email_confirmed();

create function private.link_on_email_sign_in() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.link_customer((select s.user_id from auth.sessions s where s.id = new.session_id));
  return null;
end $$;
create trigger link_customer_on_email_sign_in
  after insert on auth.mfa_amr_claims
  for each row when (new.authentication_method in ('otp', 'magiclink', 'invite', 'recovery', 'email/signup'))
  execute function private.link_on_email_sign_in();

-- Live updates --------------------------------------------------------------------------
-- Default replica identity (the primary key) is what the UI needs: it merges UPDATEs by id
-- and version, and refetches an order when its items or events change. FULL would not
-- help: with RLS on, Realtime sends only the primary key of an old record anyway.
alter publication supabase_realtime add table public.orders, public.order_items, public.order_events, public.customers;
