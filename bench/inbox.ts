// Update to inbox: an admin's status change through REST → the Database Webhook → pg_net →
// the order-notify function in Deno → the Resend-compatible mail sink. Baseline: the same
// email posted straight to the sink's Resend API.
import type { StackEnv } from '../tests/support/stack-env.ts'
import { adminToken, clientWithToken, makeCustomers } from './data.ts'
import { type Section, ratio, summarize } from './stats.ts'

interface SinkMessage {
  subject: string
  created_at: string
}

async function inbox(env: StackEnv): Promise<SinkMessage[]> {
  const res = await fetch(`${env.mailUrl}/api/messages`)
  return ((await res.json()) as { messages: SinkMessage[] }).messages
}

export async function benchInbox(
  env: StackEnv,
  o: { changes: number; progress: (s: string) => void },
): Promise<Section> {
  o.progress(`arranging ${o.changes} orders`)
  const customers = await makeCustomers(env, Math.ceil(o.changes / 10), 10)
  const orders = customers.flatMap((c) => c.orderIds).slice(0, o.changes)
  const token = await adminToken(env)
  const admin = clientWithToken(env, token)

  const sentAt = new Map<string, number>()
  for (const [i, id] of orders.entries()) {
    const { data, error } = await admin
      .from('orders')
      .update({ status: 'confirmed', version: 1 })
      .eq('id', id)
      .select('number')
      .single()
    if (error) throw new Error(`status change failed: ${error.message}`)
    sentAt.set(`Order ${data.number} is now confirmed`, Date.now())
    if (i % 50 === 0) o.progress(`${i}/${orders.length} status changes`)
    await new Promise((r) => setTimeout(r, 20))
  }

  const latencies: number[] = []
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    latencies.length = 0
    for (const m of await inbox(env)) {
      const t = sentAt.get(m.subject)
      if (t !== undefined) latencies.push(Date.parse(m.created_at) - t)
    }
    if (latencies.length >= orders.length) break
    await new Promise((r) => setTimeout(r, 250))
  }
  const missing = orders.length - latencies.length

  o.progress('baseline: the same number of emails straight to the sink')
  const direct: number[] = []
  for (let i = 0; i < orders.length; i++) {
    const t = performance.now()
    const res = await fetch(`${env.mailUrl}/emails`, {
      method: 'POST',
      headers: { authorization: 'Bearer re_local_mail_sink_key', 'content-type': 'application/json' },
      body: JSON.stringify({
        from: 'bench@example.com',
        to: ['b@example.com'],
        subject: `direct ${i}`,
        text: 'x',
      }),
    })
    if (!res.ok) throw new Error(`direct send failed: ${res.status}`)
    direct.push(performance.now() - t)
  }

  const m = (xs: number[]) => summarize(xs)
  return {
    title: `Update to inbox: ${orders.length} status changes through REST → webhook → function → mail sink`,
    figures: [
      { name: 'status change → email in the sink', unit: 'ms', samples: latencies },
      { name: 'baseline: one POST /emails to the sink', unit: 'ms', samples: direct },
    ],
    notes: [
      `${latencies.length} of ${orders.length} emails arrived${missing ? ` (${missing} missing)` : ''}, one per change.`,
      `The whole path costs ${ratio(m(latencies).median, m(direct).median)} a direct send at the median ` +
        `(p95 ${ratio(m(latencies).p95, m(direct).p95)}); pg_net's worker, the function's REST reads and writes make up the rest.`,
    ],
  }
}
