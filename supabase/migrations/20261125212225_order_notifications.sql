-- Email on every order change. A Database Webhook on order_events posts each creation and
-- status change to the edge function `order-notify` through pg_net; the function claims the
-- event in `notifications` (one row per event and recipient, so a webhook delivered twice
-- sends one email), sends through Resend with retries, and records how it went.
--
-- The webhook reads two Vault secrets: `project_url` (where the functions live) and
-- `order_notify_webhook_secret` (shared with the function as ORDER_NOTIFY_WEBHOOK_SECRET).
-- Vault is there on every hosted project; pg_net is not until a migration creates it. As on
-- hosted, the extension is recorded in schema `extensions` and its functions live in `net`.
create extension if not exists pg_net with schema extensions;

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  event_id bigint not null references public.order_events (id) on delete cascade,
  order_id uuid not null references public.orders (id) on delete cascade,
  recipient text not null,
  subject text,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed', 'skipped')),
  attempts integer not null default 0 check (attempts >= 0),
  provider_id text,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  sent_at timestamptz,
  unique (event_id, recipient)
);
comment on table public.notifications is 'The email outbox and delivery log: one row per order event and recipient.';
create index notifications_order_id_idx on public.notifications (order_id, created_at desc);
create index notifications_status_idx on public.notifications (status) where status in ('pending', 'sending', 'failed');

alter table public.notifications enable row level security;
-- Admins read the outbox; order-notify (service_role) fills it in: it inserts a row per event
-- and recipient (ignoring duplicates), claims it and records the outcome (PATCH, read back).
revoke all on public.notifications from anon, authenticated, service_role;
grant select on public.notifications to authenticated;
grant select, insert, update on public.notifications to service_role;
create policy "notifications: admins read the outbox" on public.notifications
  for select to authenticated using ((select public.is_admin()));

create trigger notifications_updated_at before update on public.notifications
  for each row execute function private.touch_updated_at();

alter publication supabase_realtime add table public.notifications;

-- The webhook -------------------------------------------------------------------------

-- Posts an order event to the function in Supabase's Database Webhook payload shape.
create function private.post_order_event(event public.order_events) returns bigint
language plpgsql security definer set search_path = '' as $$
declare
  base_url text;
  secret text;
begin
  select decrypted_secret into base_url from vault.decrypted_secrets where name = 'project_url';
  select decrypted_secret into secret from vault.decrypted_secrets where name = 'order_notify_webhook_secret';
  if base_url is null or secret is null then
    raise warning 'order-notify webhook skipped: set the Vault secrets project_url and order_notify_webhook_secret';
    return null;
  end if;
  return net.http_post(
    url := rtrim(base_url, '/') || '/functions/v1/order-notify',
    body := jsonb_build_object('type', 'INSERT', 'table', 'order_events', 'schema', 'public',
                               'record', to_jsonb(event), 'old_record', null),
    headers := jsonb_build_object('Content-Type', 'application/json', 'x-webhook-secret', secret),
    timeout_milliseconds := 10000
  );
end $$;
revoke all on function private.post_order_event(public.order_events) from public;

create function private.order_event_webhook() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.post_order_event(new);
  return null;
end $$;

revoke all on function private.order_event_webhook() from public;

create trigger order_notify_webhook after insert on public.order_events
  for each row when (new.kind in ('created', 'status_changed'))
  execute function private.order_event_webhook();

-- Re-sending a failed email -------------------------------------------------------------

create function private.requeue_notification(notification_id uuid) returns public.notifications
language plpgsql security definer set search_path = '' as $$
declare
  n public.notifications;
  e public.order_events;
begin
  if not public.is_admin() then
    raise exception 'Only admins can re-send emails.' using errcode = '42501';
  end if;
  update public.notifications
     set status = 'pending', last_error = null
   where id = notification_id
     and (status = 'failed' or (status = 'sending' and updated_at < now() - interval '5 minutes'))
  returning * into n;
  if not found then
    raise exception 'Only an email that failed can be re-sent.' using errcode = 'PT409';
  end if;
  select * into e from public.order_events where id = n.event_id;
  perform private.post_order_event(e);
  return n;
end $$;
revoke all on function private.requeue_notification(uuid) from public;
grant execute on function private.requeue_notification(uuid) to authenticated;

create function public.resend_notification(notification_id uuid) returns public.notifications
language sql set search_path = '' as $$
  select * from private.requeue_notification(notification_id)
$$;
comment on function public.resend_notification is 'Admins: send a failed email again.';
revoke all on function public.resend_notification(uuid) from public, anon, authenticated, service_role;
grant execute on function public.resend_notification(uuid) to authenticated;
