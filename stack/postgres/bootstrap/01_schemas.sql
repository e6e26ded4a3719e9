-- Schemas, base extensions, grants and default privileges of a fresh Supabase database.
-- Run as supabase_admin, which owns what is created here unless said otherwise.
create schema if not exists extensions;
create schema if not exists auth authorization supabase_auth_admin;
create schema if not exists realtime;
create schema if not exists supabase_functions;
create schema if not exists graphql_public;
alter schema auth owner to supabase_auth_admin;
alter schema realtime owner to supabase_admin;
alter schema supabase_functions owner to supabase_admin;

create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pgcrypto with schema extensions;

do $$ begin
  execute format('grant all on database %I to postgres, dashboard_user', current_database());
  execute format('grant create on database %I to supabase_realtime_admin', current_database());
end $$;

-- public: the API roles may use it; only postgres (and supabase_admin) create in it.
revoke create on schema public from anon, authenticated, service_role;
grant usage on schema public to postgres, anon, authenticated, service_role;
grant all on schema public to postgres;
grant usage on schema graphql_public to postgres, anon, authenticated, service_role;

-- extensions: functions of extensions are usable by everyone; postgres creates extensions here.
grant usage on schema extensions to postgres, anon, authenticated, service_role;
grant all on schema extensions to postgres, dashboard_user;
grant all on all tables in schema extensions to postgres, dashboard_user;
grant all on all sequences in schema extensions to postgres, dashboard_user;
grant all on all functions in schema extensions to postgres, dashboard_user, anon, authenticated, service_role;

-- auth: owned by supabase_auth_admin; postgres may use it but create nothing in it.
grant usage on schema auth to postgres, anon, authenticated, service_role, dashboard_user;
revoke create on schema auth from postgres;

-- realtime: owned by supabase_admin, worked in by supabase_realtime_admin.
grant usage on schema realtime to postgres with grant option;
grant usage on schema realtime to anon, authenticated, service_role;
grant all on schema realtime to supabase_realtime_admin with grant option;
revoke create on schema realtime from postgres;

-- supabase_functions (Database Webhooks): owned by supabase_admin, its objects by
-- supabase_functions_admin.
grant usage on schema supabase_functions to postgres, anon, authenticated, service_role;
grant all on schema supabase_functions to supabase_functions_admin;

-- What supabase_admin creates in public reaches the API roles, as on hosted. What postgres
-- (migrations) creates there is decided by `[api] auto_expose_new_tables`: see
-- stack/postgres/privileges/ (a project created today grants the API roles nothing).
alter default privileges for role supabase_admin in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public grant all on sequences to postgres, anon, authenticated, service_role;

alter role supabase_admin set search_path = "$user", public, auth, extensions;
do $$
declare
  r text;
begin
  foreach r in array array['postgres', 'anon', 'authenticated', 'service_role', 'authenticator'] loop
    execute format('alter role %I set search_path = "$user", public, extensions', r);
  end loop;
end
$$;

-- Realtime's publication, owned by postgres so migrations can add their tables to it.
do $$
begin
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$$;
alter publication supabase_realtime owner to postgres;
