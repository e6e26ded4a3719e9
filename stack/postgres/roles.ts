// Who the stack connects as. As in a Supabase database: supabase_admin is the superuser (the
// stack's own work and bootstrap), postgres the ordinary role users and the Supabase CLI use.
export const SUPERUSER = 'supabase_admin'
/** The password the Supabase CLI's local stack gives its roles (never used off this machine). */
export const LOCAL_PASSWORD = 'postgres'

/** The same server and database as `url`, logged in as `role` with the local password. */
export function roleUrl(url: string, role: string, password = LOCAL_PASSWORD): string {
  const u = new URL(url)
  u.username = encodeURIComponent(role)
  u.password = encodeURIComponent(password)
  return u.toString()
}
