-- A project created today (`[api] auto_expose_new_tables` unset or false): the old default
-- grants, minus what Studio revokes at project creation when "Default privileges for new
-- entities" is off (the same statements as the Supabase CLI's RevokeDefaultDataApiPrivileges).
-- Each new table, sequence and function needs its own GRANT before the Data API can use it.
-- Functions still carry PostgreSQL's own default: EXECUTE for PUBLIC, unless revoked.
alter default privileges for role postgres in schema public
  grant all on tables to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on sequences to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on functions to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  revoke select, insert, update, delete on tables from anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  revoke usage, select on sequences from anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  revoke execute on functions from anon, authenticated, service_role;
