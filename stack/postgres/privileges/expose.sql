-- `[api] auto_expose_new_tables = true`: the old default of a Supabase project. Tables,
-- sequences and functions that postgres creates in public are granted to the API roles.
alter default privileges for role postgres in schema public
  grant all on tables to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on sequences to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on functions to anon, authenticated, service_role;
