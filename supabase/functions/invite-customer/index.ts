// invite-customer: an admin invites a customer to sign in. Supabase Auth emails an invite
// link; following it proves the address, and the app then links the account to the customer
// row (public.link_my_customer). Nothing is linked here: the invite may go to an account
// someone else signed up for with that address. Body: { "customer_id": "<uuid>" }.
import { callerIsAdmin } from '../_shared/caller.ts'
import { corsHeaders, json, requireEnv } from '../_shared/http.ts'
import { SupabaseApiError, serviceRest } from '../_shared/rest.ts'

interface Customer {
  id: string
  name: string
  email: string
  user_id: string | null
}

async function invite(req: Request): Promise<Response> {
  const supabaseUrl = requireEnv('SUPABASE_URL')
  const serviceKey = requireEnv('SUPABASE_SERVICE_ROLE_KEY')
  if (
    !(await callerIsAdmin(
      supabaseUrl,
      requireEnv('SUPABASE_ANON_KEY'),
      req.headers.get('authorization') ?? '',
    ))
  ) {
    return json(403, { code: 'not_admin', message: 'Only admins can invite customers.' })
  }
  const body = (await req.json().catch(() => null)) as { customer_id?: unknown } | null
  if (typeof body?.customer_id !== 'string') {
    return json(400, { code: 'bad_request', message: 'Send { "customer_id": "<uuid>" }.' })
  }
  const rest = serviceRest(supabaseUrl, serviceKey)
  const [customer] = (await rest(
    `/rest/v1/customers?id=eq.${encodeURIComponent(body.customer_id)}&select=id,name,email,user_id`,
  )) as Customer[]
  if (!customer) return json(404, { code: 'not_found', message: 'No such customer.' })
  if (customer.user_id) {
    return json(409, { code: 'already_linked', message: `${customer.email} can already sign in.` })
  }

  const redirect = `${(Deno.env.get('APP_URL') ?? 'http://127.0.0.1:3000').replace(/\/+$/, '')}/track`
  try {
    await rest(`/auth/v1/invite?redirect_to=${encodeURIComponent(redirect)}`, {
      method: 'POST',
      body: { email: customer.email, data: { name: customer.name } },
    })
  } catch (err) {
    if (err instanceof SupabaseApiError && err.status === 422) {
      return json(409, {
        code: 'account_exists',
        message: `${customer.email} already has an account. It is linked when they sign in with an emailed code or link.`,
      })
    }
    throw err
  }
  console.log(`invited ${customer.email} (customer ${customer.id})`)
  return json(200, { invited: true, email: customer.email })
}

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return new Response('ok', { headers: corsHeaders })
  if (req.method !== 'POST') return json(405, { code: 'method_not_allowed', message: 'Use POST.' })
  try {
    return await invite(req)
  } catch (err) {
    console.error('invite failed:', err)
    return json(500, { code: 'unexpected', message: err instanceof Error ? err.message : String(err) })
  }
})
