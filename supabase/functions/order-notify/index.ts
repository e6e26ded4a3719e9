// order-notify: called by the Database Webhook on order_events (creation and status
// changes). Emails the customer once per event through Resend, with retries, and keeps the
// outcome in `notifications`. Env: ORDER_NOTIFY_WEBHOOK_SECRET, RESEND_API_KEY, MAIL_FROM,
// APP_URL, RESEND_BASE_URL (optional; the local stack points it at its mail sink).
import { json, requireEnv, sameSecret } from '../_shared/http.ts'
import { type Rest, serviceRest } from '../_shared/rest.ts'
import { claim, ensureRow, loadOrder, record } from './outbox.ts'
import { renderOrderEmail, type OrderEventForEmail } from './render.ts'
import { sendEmail } from './resend.ts'
import { withRetries } from './retry.ts'

interface EventRecord extends OrderEventForEmail {
  id: number
  order_id: string
}

function parseEvent(payload: unknown): EventRecord | undefined {
  const r = (payload as { record?: Record<string, unknown> } | null)?.record
  const id = Number(r?.id)
  if (!r || !Number.isSafeInteger(id) || typeof r.order_id !== 'string') return undefined
  if (r.kind !== 'created' && r.kind !== 'status_changed') return undefined
  return { ...(r as unknown as EventRecord), id }
}

async function notify(rest: Rest, event: EventRecord): Promise<Record<string, unknown>> {
  const order = await loadOrder(rest, event.order_id)
  if (!order) return { status: 'ignored', reason: 'the order no longer exists' }
  const recipient = order.customer.email
  const base = { event_id: event.id, order_id: order.id, recipient }

  if (!order.customer.notify_email) {
    await ensureRow(rest, { ...base, status: 'skipped', last_error: 'The customer turned email off.' })
    return { status: 'skipped', order: order.number }
  }

  const email = renderOrderEmail(order, event, Deno.env.get('APP_URL') ?? 'http://127.0.0.1:3000')
  await ensureRow(rest, { ...base, status: 'pending' })
  const row = await claim(rest, event.id, recipient, email.subject)
  if (!row) return { status: 'duplicate', order: order.number }

  const resend = {
    baseUrl: Deno.env.get('RESEND_BASE_URL') ?? 'https://api.resend.com',
    apiKey: requireEnv('RESEND_API_KEY'),
  }
  const from = Deno.env.get('MAIL_FROM') ?? 'Realtime Orders <orders@example.com>'
  const result = await withRetries(async (n) => {
    await record(rest, row.id, { attempts: row.attempts + n })
    return sendEmail(resend, { from, to: [recipient], ...email }, `order-event-${event.id}-${recipient}`)
  })

  if (result.ok) {
    await record(rest, row.id, {
      status: 'sent',
      provider_id: result.value,
      last_error: null,
      sent_at: new Date(),
    })
  } else {
    await record(rest, row.id, { status: 'failed', last_error: result.error })
  }
  const outcome = result.ok ? `sent (${result.value})` : `failed: ${result.error}`
  console.log(`${email.subject} → ${recipient}: ${outcome} after ${result.attempts} attempt(s)`)
  return { status: result.ok ? 'sent' : 'failed', order: order.number, attempts: result.attempts }
}

Deno.serve(async (req) => {
  if (req.method !== 'POST') return json(405, { error: 'POST a Database Webhook payload' })
  const secret = Deno.env.get('ORDER_NOTIFY_WEBHOOK_SECRET')
  if (!secret) return json(500, { error: 'ORDER_NOTIFY_WEBHOOK_SECRET is not set' })
  if (!sameSecret(req.headers.get('x-webhook-secret') ?? '', secret)) {
    return json(401, { error: 'missing or wrong x-webhook-secret' })
  }
  const event = parseEvent(await req.json().catch(() => null))
  if (!event)
    return json(400, { error: 'expected an order_events INSERT payload (created or status_changed)' })
  try {
    const rest = serviceRest(requireEnv('SUPABASE_URL'), requireEnv('SUPABASE_SERVICE_ROLE_KEY'))
    return json(200, await notify(rest, event))
  } catch (err) {
    console.error(`event ${event.id} failed:`, err)
    return json(500, { error: err instanceof Error ? err.message : String(err) })
  }
})
