// order-notify: called by the Database Webhook on order_events (creation and status
// changes). Emails the customer once per event through the Resend SDK, with retries, and keeps
// the outcome in `notifications`. Env: ORDER_NOTIFY_WEBHOOK_SECRET, RESEND_API_KEY, MAIL_FROM,
// APP_URL, UNSUBSCRIBE_SECRET, SHOP_NAME / SHOP_BRAND_COLOR / SHOP_LOGO_URL / SHOP_ADDRESS
// (optional), RESEND_BASE_URL (optional; the local stack points it at its mail sink).
import type { Resend } from 'resend'
import { json, requireEnv, sameSecret } from '../_shared/http.ts'
import { type Rest, serviceRest } from '../_shared/rest.ts'
import { signUnsubscribeToken } from '../_shared/unsubscribe-token.ts'
import { type Brand, brandFrom } from './brand.ts'
import { type OrderRow, claim, ensureRow, loadOrder, record } from './outbox.ts'
import { type OrderEmailLinks, renderOrderEmail } from './render.ts'
import { resendClient, sendEmail } from './resend.ts'
import { withRetries } from './retry.ts'
import { type OrderEventForEmail, trackerUrl } from './view.ts'

interface Config {
  supabaseUrl: string
  appUrl: string
  from: string
  unsubscribeSecret: string
  brand: Brand
  resend: Resend
}

/** Everything the function needs, read up front so a missing secret fails before any row. */
function readConfig(): Config {
  return {
    supabaseUrl: requireEnv('SUPABASE_URL').replace(/\/+$/, ''),
    appUrl: (Deno.env.get('APP_URL') ?? 'http://127.0.0.1:3000').replace(/\/+$/, ''),
    from: Deno.env.get('MAIL_FROM') ?? 'Realtime Orders <orders@example.com>',
    unsubscribeSecret: requireEnv('UNSUBSCRIBE_SECRET'),
    brand: brandFrom((name) => Deno.env.get(name)),
    resend: resendClient(requireEnv('RESEND_API_KEY')),
  }
}

async function linksFor(config: Config, order: OrderRow): Promise<OrderEmailLinks> {
  const token = encodeURIComponent(await signUnsubscribeToken(config.unsubscribeSecret, order.customer.id))
  return {
    tracker: trackerUrl(config.appUrl, order.number),
    unsubscribe: `${config.appUrl}/unsubscribe?token=${token}`,
    preferences: `${config.appUrl}/track`,
    oneClickUnsubscribe: `${config.supabaseUrl}/functions/v1/unsubscribe?token=${token}`,
  }
}

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

async function notify(rest: Rest, config: Config, event: EventRecord): Promise<Record<string, unknown>> {
  const order = await loadOrder(rest, event.order_id)
  if (!order) return { status: 'ignored', reason: 'the order no longer exists' }
  const recipient = order.customer.email
  const base = { event_id: event.id, order_id: order.id, recipient }

  if (!order.customer.notify_email) {
    await ensureRow(rest, { ...base, status: 'skipped', last_error: 'The customer turned email off.' })
    return { status: 'skipped', order: order.number }
  }

  const email = renderOrderEmail(order, event, config.brand, await linksFor(config, order))
  await ensureRow(rest, { ...base, status: 'pending' })
  const row = await claim(rest, event.id, recipient, email.subject)
  if (!row) return { status: 'duplicate', order: order.number }

  const result = await withRetries(async (n) => {
    await record(rest, row.id, { attempts: row.attempts + n })
    return sendEmail(
      config.resend,
      { from: config.from, to: [recipient], ...email },
      `order-event-${event.id}-${recipient}`,
    )
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
    const config = readConfig()
    const rest = serviceRest(config.supabaseUrl, requireEnv('SUPABASE_SERVICE_ROLE_KEY'))
    return json(200, await notify(rest, config, event))
  } catch (err) {
    console.error(`event ${event.id} failed:`, err)
    return json(500, { error: err instanceof Error ? err.message : String(err) })
  }
})
