-- Who may do what: row-level security on every table, explicit grants, and the rule that
-- links a customer to a sign-in account only for a session that proved the email.
--
--   anon           nothing
--   customer       reads their own customer row, orders, items and timeline; changes only
--                  their own contact details and notification preference
--   admin          (JWT app_metadata.role = 'admin' and aal = 'aal2': signed in with a TOTP
--                  code) creates and edits customers, orders and items; writes notes; reads
--                  timelines and the email outbox; rewrites no history. With the password
--                  alone (aal1) an admin has a customer's rights at most.
--   service_role   what the edge functions use: order-notify reads orders, their customer and
--                  items and writes the outbox; invite-customer reads customers
--
-- A project created today grants new tables, sequences and functions in public to no API
-- role, and PostgreSQL lets PUBLIC execute every new function: each grant below is explicit,
-- and every function starts with `revoke ... from public`.

-- The one admin check: every policy, RPC, security-definer function, the invite-customer
-- function (through rpc/is_admin) and the Realtime topics' policies ask it. The role is set
-- only by the service role; aal2 says this session passed a TOTP challenge (Supabase's MFA
-- guide), so a stolen password alone opens nothing. One helper rather than a restrictive
-- policy per table: it also covers the RPCs and functions that policies never see.
create function public.is_admin() returns boolean
language sql stable set search_path = '' as $$
  select coalesce((auth.jwt() -> 'app_metadata' ->> 'role') = 'admin' and (auth.jwt() ->> 'aal') = 'aal2', false)
$$;
comment on function public.is_admin is
  'True when the caller''s JWT says app_metadata.role = admin and the session is at aal2 (TOTP).';

-- The caller's own customer row, for a session that still exists: an access token outlives
-- its session by up to an hour (a JWT is checked by signature alone), and a signed-out or
-- ended session must read nothing. Security definer so policies on other tables do not pay
-- for the customers policy on every row; called as (select ...) so it runs once per query.
create function private.my_customer_id() returns uuid
language sql stable security definer set search_path = '' as $$
  select c.id
    from public.customers c
    join auth.sessions s on s.user_id = c.user_id
   where c.user_id = auth.uid()
     and s.id = nullif(auth.jwt() ->> 'session_id', '')::uuid
     and (s.not_after is null or s.not_after > now())
$$;

alter table public.customers enable row level security;
alter table public.orders enable row level security;
alter table public.order_items enable row level security;
alter table public.order_events enable row level security;

-- Grants -----------------------------------------------------------------------------------
-- authenticated: only what some policy can use, and only the columns a person may write (ids,
-- versions' bookkeeping, totals and links are the database's). service_role: what the edge
-- functions read. anon: nothing.
revoke all on public.customers, public.orders, public.order_items, public.order_events
  from anon, authenticated, service_role;
revoke all on sequence public.order_number_seq from anon, authenticated, service_role;

grant select, delete on public.customers to authenticated;
grant insert (name, email, phone, address, notify_email) on public.customers to authenticated;
grant update (name, email, phone, address, notify_email) on public.customers to authenticated;
grant select on public.customers to service_role;

grant select on public.orders to authenticated, service_role;
grant insert (customer_id, currency, notes, carrier, tracking_number, estimated_delivery) on public.orders to authenticated;
grant update (customer_id, status, currency, notes, carrier, tracking_number, estimated_delivery, version)
  on public.orders to authenticated;
-- An order's number comes from this sequence, drawn by whoever inserts the order (admins,
-- through create_order).
grant usage on sequence public.order_number_seq to authenticated;

grant select, delete on public.order_items to authenticated;
grant insert (order_id, position, description, quantity, unit_price_cents) on public.order_items to authenticated;
grant update (position, description, quantity, unit_price_cents) on public.order_items to authenticated;
grant select on public.order_items to service_role;

grant select on public.order_events to authenticated;
grant insert (order_id, kind, note) on public.order_events to authenticated;

-- Functions the app calls (RPC) or policies and invoker code run as the caller.
revoke all on function public.next_statuses(public.order_status), public.is_admin(),
  public.create_order(uuid, jsonb, text, text, text, text, date), public.set_order_items(uuid, integer, jsonb)
  from public, anon, authenticated, service_role;
grant execute on function public.next_statuses(public.order_status), public.is_admin(),
  public.create_order(uuid, jsonb, text, text, text, text, date), public.set_order_items(uuid, integer, jsonb)
  to authenticated;
revoke all on function private.my_customer_id(), private.insert_order_items(uuid, jsonb) from public;
grant execute on function private.my_customer_id(), private.insert_order_items(uuid, jsonb) to authenticated;
-- Trigger functions: run by their triggers only.
revoke all on function private.orders_before_update(), private.refresh_order_totals(), private.order_items_guard(),
  private.log_order_change(), private.order_events_stamp(), private.touch_updated_at() from public;

-- customers
create policy "customers: admins and the customer read" on public.customers
  for select to authenticated using ((select public.is_admin()) or id = (select private.my_customer_id()));
create policy "customers: admins add" on public.customers
  for insert to authenticated with check ((select public.is_admin()));
create policy "customers: admins and the customer edit" on public.customers
  for update to authenticated
  using ((select public.is_admin()) or id = (select private.my_customer_id()))
  with check ((select public.is_admin()) or id = (select private.my_customer_id()));
create policy "customers: admins remove" on public.customers
  for delete to authenticated using ((select public.is_admin()));

-- A customer may change their contact details and preference, not the email orders go to.
create function private.customers_guard_email() returns trigger
language plpgsql set search_path = '' as $$
begin
  -- Nested, so other roles (the service role's unsubscribe) never need is_admin().
  if current_user = 'authenticated' and new.email is distinct from old.email then
    if not public.is_admin() then
      raise exception 'Only the shop can change the email address of a customer.' using errcode = '42501';
    end if;
  end if;
  return new;
end $$;
revoke all on function private.customers_guard_email() from public;
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
-- The link rule (README, "Who may do what"). Whoever signs up first with an address gets an
-- account for it, with a password of their choosing (at once when confirmations are off; and
-- Supabase Auth keeps that password when the real owner later confirms the address, or is
-- invited to the same unconfirmed account). So a customer row is linked only for a session
-- opened by proving the email (an emailed code, magic link, invite or recovery link), and the
-- link leaves that session the only way in: the account's password is removed and its other
-- sessions and refresh tokens end. The owner can set a new password afterwards.
-- Hosted projects allow triggers on five auth tables only, none that says how a session was
-- opened, so the app calls public.link_my_customer() once signed in; the JWT's amr says how.
create function private.link_customer_for_session() returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  account uuid := auth.uid();
  session uuid := nullif(auth.jwt() ->> 'session_id', '')::uuid;
  account_email text;
  linked uuid;
begin
  if account is null or session is null then
    return null;
  end if;
  -- Locks the account: a sign-in that reaches it meanwhile waits until the link is done.
  select u.email into account_email from auth.users u
   where u.id = account and u.email_confirmed_at is not null for update;
  if not found or not exists (select 1 from auth.sessions s where s.id = session and s.user_id = account) then
    return null;
  end if;
  select c.id into linked from public.customers c where c.user_id = account;
  if found then
    return linked;
  end if;
  if not exists (select 1 from jsonb_array_elements(coalesce(auth.jwt() -> 'amr', '[]'::jsonb)) m
                  where m ->> 'method' in ('otp', 'magiclink', 'invite', 'recovery', 'email/signup')) then
    return null; -- a password proves nothing about the address
  end if;
  update public.customers c set user_id = account
   where lower(c.email) = lower(account_email) and c.user_id is null
  returning c.id into linked;
  if linked is null then
    return null;
  end if;
  update auth.users set encrypted_password = '', updated_at = now()
   where id = account and coalesce(encrypted_password, '') <> '';
  delete from auth.sessions where user_id = account and id <> session;
  delete from auth.refresh_tokens where user_id = account::text and session_id is null;
  return linked;
end $$;
revoke all on function private.link_customer_for_session() from public;
grant execute on function private.link_customer_for_session() to authenticated;

create function public.link_my_customer() returns setof public.customers
language plpgsql set search_path = '' as $$
declare
  linked uuid := private.link_customer_for_session();
begin
  return query select c.* from public.customers c where c.id = linked;
end $$;
comment on function public.link_my_customer is
  'After signing in: your customer row, linked to your account if this session proved your email.';
revoke all on function public.link_my_customer() from public, anon, authenticated, service_role;
grant execute on function public.link_my_customer() to authenticated;

-- A password sign-in that passed its check just before the link removed the password must not
-- end with a session: at commit, a password session for an account without one is refused.
create function private.refuse_session_without_password() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if exists (select 1 from auth.mfa_amr_claims c where c.session_id = new.id and c.authentication_method = 'password')
     and exists (select 1 from auth.users u where u.id = new.user_id and coalesce(u.encrypted_password, '') = '') then
    raise exception 'This account has no password: sign in with an emailed code.' using errcode = '28P01';
  end if;
  return null;
end $$;
revoke all on function private.refuse_session_without_password() from public;
create constraint trigger sessions_need_the_password after insert on auth.sessions
  deferrable initially deferred
  for each row execute function private.refuse_session_without_password();

-- Live updates --------------------------------------------------------------------------
-- Default replica identity (the primary key) is what the UI needs: it merges UPDATEs by id
-- and version, and refetches an order when its items or events change. FULL would not
-- help: with RLS on, Realtime sends only the primary key of an old record anyway.
alter publication supabase_realtime add table public.orders, public.order_items, public.order_events, public.customers;
