-- A project created today (`[api] auto_expose_new_tables` unset or false): tables, sequences
-- and functions that postgres creates in public are granted to no API role; each needs its
-- own GRANT. Studio's SQL at project creation (the same as the Supabase CLI's
-- RevokeDefaultDataApiPrivileges) revokes the Data API privileges and leaves the rest of the
-- old ALL grant, e.g. UPDATE on sequences, which lets nextval() through; the stack revokes
-- everything, so migrations never come to rely on what is left. Functions still carry
-- PostgreSQL's own default, EXECUTE for PUBLIC, until a migration revokes it.
alter default privileges for role postgres in schema public
  revoke all on tables from anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  revoke all on sequences from anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  revoke all on functions from anon, authenticated, service_role;
