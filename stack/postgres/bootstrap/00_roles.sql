-- The roles of a Supabase database, with the attributes a hosted project has today
-- (supabase/postgres migrations/db: init-scripts, then migrations such as
-- 10000000000000_demote-postgres and 20250421084701_revoke_admin_roles_from_postgres).
-- supabase_admin is the superuser (the embedded cluster's bootstrap role); `postgres`, the
-- role users and the Supabase CLI connect as, is not. Idempotent: run as supabase_admin.
do $$
declare
  r record;
begin
  for r in select * from (values
    ('supabase_admin',            'login superuser createdb createrole replication bypassrls'),
    ('postgres',                  'login nosuperuser createdb createrole replication bypassrls'),
    ('anon',                      'nologin noinherit'),
    ('authenticated',             'nologin noinherit'),
    ('service_role',              'nologin noinherit bypassrls'),
    ('authenticator',             'login noinherit'),
    ('supabase_auth_admin',       'login noinherit nocreaterole'),
    ('supabase_storage_admin',    'login noinherit createrole'),
    ('supabase_realtime_admin',   'login noinherit createrole replication'),
    ('supabase_replication_admin','login replication'),
    ('supabase_etl_admin',        'login replication'),
    ('supabase_functions_admin',  'login noinherit createrole'),
    ('supabase_read_only_user',   'login bypassrls'),
    ('dashboard_user',            'nologin createdb createrole replication'),
    ('pgbouncer',                 'login')
  ) as t(name, attrs)
  loop
    if not exists (select 1 from pg_roles where rolname = r.name) then
      execute format('create role %I %s', r.name, r.attrs);
    elsif r.name <> 'supabase_admin' then
      execute format('alter role %I %s', r.name, r.attrs);
    end if;
  end loop;
end
$$;

-- The password the Supabase CLI's local stack gives every login role: the stack logs in as
-- supabase_admin for its own work, as postgres for migrations, as authenticator for REST.
do $$
declare
  r text;
begin
  foreach r in array array['postgres', 'authenticator', 'supabase_auth_admin', 'supabase_realtime_admin',
    'supabase_functions_admin', 'supabase_storage_admin', 'supabase_replication_admin'] loop
    execute format('alter role %I with password %L', r, 'postgres');
  end loop;
end
$$;

-- authenticator becomes the API roles (SET ROLE), and nothing else.
grant anon, authenticated, service_role to authenticator;
-- postgres manages the API roles (PG16+: with admin option) and owns Database Webhooks; it is
-- no member of the auth, storage or realtime admin roles (revoked on hosted in 2025).
grant anon, authenticated, service_role to postgres with admin option;
grant supabase_functions_admin to postgres;
revoke supabase_auth_admin, supabase_storage_admin, supabase_realtime_admin from postgres;
grant anon, authenticated, service_role to supabase_realtime_admin;
grant pg_read_all_data to supabase_read_only_user;

alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';
alter role authenticator set lock_timeout = '8s';
