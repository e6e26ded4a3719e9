-- The mail sink's store: every message the Resend-compatible API or the stack's own services
-- accepted, kept across restarts; and the Idempotency-Key records (24 h). Not exposed.
create schema if not exists _mail;
revoke all on schema _mail from public;

create table if not exists _mail.messages (
  id uuid primary key default gen_random_uuid(),
  created_at timestamptz not null default now(),
  source text not null default 'api' check (source in ('api', 'auth')),
  "from" text not null,
  "to" text[] not null,
  cc text[] not null default '{}',
  bcc text[] not null default '{}',
  reply_to text[] not null default '{}',
  subject text not null,
  html text,
  text text,
  headers jsonb not null default '{}',
  tags jsonb not null default '[]'
);
-- How a message arrived through the API, so tests can see the client's Idempotency-Key.
alter table _mail.messages add column if not exists idempotency_key text;
alter table _mail.messages add column if not exists user_agent text;
create index if not exists messages_created_at_idx on _mail.messages (created_at desc);
create index if not exists messages_to_idx on _mail.messages using gin ("to");

create table if not exists _mail.idempotency (
  api_key text not null,
  key text not null,
  request_hash text not null,
  status int not null,
  response jsonb not null,
  created_at timestamptz not null default now(),
  primary key (api_key, key)
);
