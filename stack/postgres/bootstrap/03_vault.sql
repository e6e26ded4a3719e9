-- A local stand-in for Supabase Vault with its public interface (vault.secrets,
-- vault.decrypted_secrets, vault.create_secret, vault.update_secret), so migrations and
-- the CLI's `[db.vault]` sync work unchanged. Hosted projects have Vault (the extension
-- supabase_vault) from the start, so no migration creates it. Locally secrets are stored in
-- plain text: this database never leaves the developer's machine; hosted Supabase encrypts them.
create schema if not exists vault;

create table if not exists vault.secrets (
  id uuid primary key default gen_random_uuid(),
  name text,
  description text not null default '',
  secret text not null,
  key_id uuid,
  nonce bytea,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index if not exists secrets_name_idx on vault.secrets (name) where name is not null;

create or replace view vault.decrypted_secrets as
  select id, name, description, secret, secret as decrypted_secret, key_id, nonce, created_at, updated_at
  from vault.secrets;

create or replace function vault.create_secret(
  new_secret text, new_name text default null, new_description text default '', new_key_id uuid default null
) returns uuid
language sql security definer set search_path = '' as $$
  insert into vault.secrets (secret, name, description, key_id)
  values (new_secret, new_name, coalesce(new_description, ''), new_key_id)
  returning id
$$;

create or replace function vault.update_secret(
  secret_id uuid, new_secret text default null, new_name text default null,
  new_description text default null, new_key_id uuid default null
) returns void
language sql security definer set search_path = '' as $$
  update vault.secrets set
    secret = coalesce(new_secret, secret),
    name = coalesce(new_name, name),
    description = coalesce(new_description, description),
    key_id = coalesce(new_key_id, key_id),
    updated_at = now()
  where id = secret_id
$$;

-- As hosted (supabase/postgres 20221207154255_create_vault): postgres reads and deletes
-- secrets and writes them only through create_secret / update_secret; no API role has access.
revoke all on schema vault from public;
revoke all on all tables in schema vault from public, anon, authenticated, service_role, postgres;
revoke all on function vault.create_secret, vault.update_secret from public, anon, authenticated, service_role;
grant usage on schema vault to postgres with grant option;
grant select, delete on vault.secrets, vault.decrypted_secrets to postgres with grant option;
grant execute on function vault.create_secret, vault.update_secret to postgres with grant option;
