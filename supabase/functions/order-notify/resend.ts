// One call to Resend's send-email API (or the local mail sink, which speaks it).
import { type Attempt, isRetryableStatus } from './retry.ts'

export interface Email {
  from: string
  to: string[]
  subject: string
  html: string
  text: string
}

export interface ResendConfig {
  baseUrl: string
  apiKey: string
}

export async function sendEmail(
  cfg: ResendConfig,
  email: Email,
  idempotencyKey: string,
): Promise<Attempt<string>> {
  let res: Response
  try {
    res = await fetch(`${cfg.baseUrl.replace(/\/+$/, '')}/emails`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${cfg.apiKey}`,
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify(email),
    })
  } catch (err) {
    return {
      ok: false,
      retryable: true,
      error: `network: ${err instanceof Error ? err.message : String(err)}`,
    }
  }
  const body = (await res.json().catch(() => null)) as { id?: string; name?: string; message?: string } | null
  if (res.ok && body?.id) return { ok: true, value: body.id }
  return {
    ok: false,
    retryable: isRetryableStatus(res.status),
    error: `Resend ${res.status}${body?.name ? ` ${body.name}` : ''}: ${body?.message ?? res.statusText}`,
    retryAfter: res.headers.get('retry-after'),
  }
}
