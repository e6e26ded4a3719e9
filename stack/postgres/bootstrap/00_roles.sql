-- Roles a fresh Supabase database has. Idempotent: creates what is missing only.
do $$
declare
  r record;
begin
  for r in select * from (values
    ('supabase_admin',            'login superuser createdb createrole replication bypassrls'),
    ('anon',                      'nologin noinherit'),
    ('authenticated',             'nologin noinherit'),
    ('service_role',              'nologin noinherit bypassrls'),
    ('authenticator',             'login noinherit'),
    ('supabase_auth_admin',       'login noinherit createrole'),
    ('supabase_storage_admin',    'login noinherit createrole'),
    ('supabase_realtime_admin',   'nologin noinherit'),
    ('supabase_replication_admin','login replication'),
    ('supabase_functions_admin',  'login noinherit createrole'),
    ('supabase_read_only_user',   'login bypassrls'),
    ('dashboard_user',            'nologin createdb createrole replication'),
    ('pgbouncer',                 'login')
  ) as t(name, attrs)
  loop
    if not exists (select 1 from pg_roles where rolname = r.name) then
      execute format('create role %I %s', r.name, r.attrs);
    end if;
  end loop;
end
$$;

-- The API roles are entered through authenticator (SET ROLE), as PostgREST does.
grant anon, authenticated, service_role to authenticator;
grant anon, authenticated, service_role to postgres;
grant supabase_auth_admin, supabase_functions_admin, supabase_realtime_admin to postgres;

alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';
