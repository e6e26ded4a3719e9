-- Sample data for local development: an admin, customers with sign-in accounts, and orders
-- in every status with items and timelines, so a newcomer sees a living desk at once.
--
--   admin@example.com / admin-password   (app_metadata.role = admin) + a TOTP code of the
--                                        secret OJSWC3DUNFWWKLLPOJSGK4TTFVSGK3LP (`npm run totp`)
--   alice@example.com / alice-password   (customer)
--   bob@example.com   / bob-password     (customer)
--
-- Local only: these are public demo passwords and a public TOTP secret. Never seed a hosted
-- project with them.

-- The secret the order-notify webhook sends and the function checks (local value; see
-- docs/deploy.md for hosted projects).
select vault.create_secret('local-dev-webhook-secret', 'order_notify_webhook_secret',
                           'Shared by the order_events webhook and the order-notify function')
where not exists (select 1 from vault.secrets where name = 'order_notify_webhook_secret');

-- Where the webhook finds the functions. This repo's stack rewrites it at every start;
-- under `supabase start` the database reaches the functions through Kong.
select vault.create_secret('http://kong:8000', 'project_url', 'Where the database reaches the edge functions')
where not exists (select 1 from vault.secrets where name = 'project_url');

-- Accounts, as Supabase Auth stores them.
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
  confirmation_token, recovery_token, email_change_token_new, email_change
)
select '00000000-0000-0000-0000-000000000000', u.id, 'authenticated', 'authenticated', u.email,
       extensions.crypt(u.password, extensions.gen_salt('bf')), now(),
       jsonb_build_object('provider', 'email', 'providers', array['email']) || u.app_meta,
       jsonb_build_object('name', u.name), now(), now(), '', '', '', ''
  from (values
    ('a0000000-0000-4000-8000-000000000001'::uuid, 'admin@example.com', 'admin-password', 'Ada Admin', '{"role": "admin"}'::jsonb),
    ('a0000000-0000-4000-8000-000000000002'::uuid, 'alice@example.com', 'alice-password', 'Alice Andersen', '{}'::jsonb),
    ('a0000000-0000-4000-8000-000000000003'::uuid, 'bob@example.com', 'bob-password', 'Bob Baker', '{}'::jsonb)
  ) as u (id, email, password, name, app_meta)
on conflict (id) do nothing;

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true),
       'email', now(), now(), now()
  from auth.users u
 where u.email in ('admin@example.com', 'alice@example.com', 'bob@example.com')
on conflict (provider_id, provider) do nothing;

-- The admin's authenticator app, already enrolled and verified (admins need aal2): a TOTP
-- factor as Supabase Auth stores it, with a fixed secret (base32 of "realtime-orders-demo").
insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
values ('f0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'Authenticator app',
        'totp', 'verified', now(), now(), 'OJSWC3DUNFWWKLLPOJSGK4TTFVSGK3LP')
on conflict (id) do nothing;

insert into public.customers (id, name, email, phone, address, user_id) values
  ('c0000000-0000-4000-8000-000000000001', 'Alice Andersen', 'alice@example.com', '+1 555 0101',
   '12 Harbour Road, Portsmouth', 'a0000000-0000-4000-8000-000000000002'),
  ('c0000000-0000-4000-8000-000000000002', 'Bob Baker', 'bob@example.com', '+1 555 0102',
   '7 Mill Lane, Leeds', 'a0000000-0000-4000-8000-000000000003'),
  ('c0000000-0000-4000-8000-000000000003', 'Carol Chen', 'carol@example.com', null,
   '3 Station Street, York', null)
on conflict (id) do nothing;

-- Orders in every status, moved through the lifecycle so each has a real timeline. The
-- webhook is off while seeding: sample data sends no email.
alter table public.order_events disable trigger order_notify_webhook;

do $$
declare
  plan record;
  created public.orders;
  step text;
begin
  if exists (select 1 from public.orders) then
    return;
  end if;
  for plan in
    select * from (values
      ('c0000000-0000-4000-8000-000000000001'::uuid, '[{"description": "Espresso beans, 1 kg", "quantity": 2, "unit_price_cents": 2450}, {"description": "Paper filters", "quantity": 1, "unit_price_cents": 399}]'::jsonb, array[]::text[], null::text),
      ('c0000000-0000-4000-8000-000000000001', '[{"description": "Hand grinder", "quantity": 1, "unit_price_cents": 8900}]', array['confirmed'], null),
      ('c0000000-0000-4000-8000-000000000002', '[{"description": "Milk jug, 600 ml", "quantity": 1, "unit_price_cents": 1850}, {"description": "Tamper", "quantity": 1, "unit_price_cents": 2900}]', array['confirmed', 'processing'], null),
      ('c0000000-0000-4000-8000-000000000001', '[{"description": "Pour-over kettle", "quantity": 1, "unit_price_cents": 6400}]', array['confirmed', 'processing', 'shipped'], 'DHL'),
      ('c0000000-0000-4000-8000-000000000002', '[{"description": "Decaf beans, 500 g", "quantity": 3, "unit_price_cents": 1300}]', array['confirmed', 'processing', 'shipped', 'out_for_delivery'], 'UPS'),
      ('c0000000-0000-4000-8000-000000000003', '[{"description": "Cold brew bottle", "quantity": 2, "unit_price_cents": 1599}]', array['confirmed', 'processing', 'shipped', 'out_for_delivery', 'delivered'], 'Royal Mail'),
      ('c0000000-0000-4000-8000-000000000002', '[{"description": "Scale with timer", "quantity": 1, "unit_price_cents": 4500}]', array['cancelled'], null)
    ) as p (customer_id, items, steps, carrier)
  loop
    created := public.create_order(plan.customer_id, plan.items);
    if plan.carrier is not null then
      update public.orders
         set carrier = plan.carrier, tracking_number = upper(substr(md5(created.id::text), 1, 12)),
             estimated_delivery = current_date + 3
       where id = created.id;
    end if;
    foreach step in array plan.steps loop
      update public.orders set status = step::public.order_status where id = created.id;
    end loop;
  end loop;

  insert into public.order_events (order_id, kind, note)
  select id, 'note', 'Customer asked for gift wrapping.' from public.orders where number = 'ORD-000002';
end $$;

alter table public.order_events enable trigger order_notify_webhook;
