// unsubscribe: turns one customer's order emails off from the signed token in their emails,
// with no sign-in. Mail clients POST `List-Unsubscribe=One-Click` to the List-Unsubscribe URL
// (RFC 8058: the token rides in its query); the app's /unsubscribe page POSTs `{ token }`.
// A GET changes nothing, so link scanners that open every URL cannot unsubscribe anyone.
// Env: UNSUBSCRIBE_SECRET (shared with order-notify), SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY.
import { corsHeaders, json, requireEnv } from '../_shared/http.ts'
import { serviceRest } from '../_shared/rest.ts'
import { verifyUnsubscribeToken } from '../_shared/unsubscribe-token.ts'

async function tokenOf(req: Request): Promise<string | undefined> {
  const fromQuery = new URL(req.url).searchParams.get('token')
  if (fromQuery) return fromQuery
  if (!(req.headers.get('content-type') ?? '').includes('application/json')) return undefined
  const body = (await req.json().catch(() => null)) as { token?: unknown } | null
  return typeof body?.token === 'string' ? body.token : undefined
}

/** a•••@example.com: enough for the person to recognise, not a lookup service. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  return at < 1 ? '•••' : `${email[0]}•••${email.slice(at)}`
}

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return new Response('ok', { headers: corsHeaders })
  if (req.method !== 'POST') {
    return json(405, { error: 'POST to this address to turn order emails off (a GET changes nothing).' })
  }
  const token = await tokenOf(req)
  if (!token) return json(400, { error: 'The unsubscribe token is missing.' })
  try {
    const customerId = await verifyUnsubscribeToken(requireEnv('UNSUBSCRIBE_SECRET'), token)
    if (!customerId) return json(403, { error: 'This unsubscribe link is not valid.' })
    const rest = serviceRest(requireEnv('SUPABASE_URL'), requireEnv('SUPABASE_SERVICE_ROLE_KEY'))
    const where = `/rest/v1/customers?id=eq.${customerId}`
    // Two plain requests: they need no more than select (id, email) and update (notify_email).
    const rows = (await rest(`${where}&select=email`)) as { email: string }[]
    if (!rows[0]) return json(404, { error: 'There is no customer for this link any more.' })
    await rest(where, { method: 'PATCH', body: { notify_email: false }, prefer: 'return=minimal' })
    console.log(`order emails turned off for customer ${customerId}`)
    return json(200, { unsubscribed: true, email: maskEmail(rows[0].email) })
  } catch (err) {
    console.error('unsubscribe failed:', err)
    return json(500, { error: 'Something went wrong; please try again.' })
  }
})
