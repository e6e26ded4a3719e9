// Asking the database about the caller, with the caller's own token: their RLS applies.

/**
 * The database's own admin check (public.is_admin: the admin role and an aal2 session),
 * asked as the caller, so a function holds admins to TOTP exactly as the policies do.
 */
export async function callerIsAdmin(
  supabaseUrl: string,
  anonKey: string,
  authorization: string,
): Promise<boolean> {
  if (!authorization) return false
  const res = await fetch(`${supabaseUrl}/rest/v1/rpc/is_admin`, {
    method: 'POST',
    headers: { apikey: anonKey, authorization, 'content-type': 'application/json' },
    body: '{}',
  })
  return res.ok && (await res.json()) === true
}
