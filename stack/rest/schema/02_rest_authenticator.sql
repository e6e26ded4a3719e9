-- REST logs in as `authenticator`, as PostgREST does on Supabase: a LOGIN role that is no
-- superuser, inherits nothing, and can only SET ROLE to the API roles granted to it.
-- Locally its password is the CLI's default ('postgres') unless one was already set, e.g.
-- on a database created by `supabase start` (then STACK_AUTHENTICATOR_PASSWORD names it).
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'authenticator' and rolsuper) then
    raise exception 'authenticator must not be a superuser';
  end if;
  -- Only a superuser can read whether a password is set (pg_authid) and set another role's.
  if (select rolsuper from pg_roles where rolname = current_user) then
    if (select rolpassword from pg_authid where rolname = 'authenticator') is null then
      alter role authenticator with login noinherit password 'postgres';
    end if;
  end if;
end
$$;
