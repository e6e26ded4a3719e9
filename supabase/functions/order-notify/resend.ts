// One send through the official Resend SDK, as one Attempt for the retry policy in retry.ts.
// The SDK reads RESEND_BASE_URL (the local stack points it at its mail sink) and sends
// `idempotencyKey` as the Idempotency-Key header. It never throws: a failure comes back as
// `error` with Resend's statusCode, and the response headers (Retry-After) beside it.
import { Resend } from 'resend'
import { type Attempt, isRetryableStatus } from './retry.ts'

export interface Email {
  from: string
  to: string[]
  subject: string
  html: string
  text: string
  headers?: Record<string, string>
}

export function resendClient(apiKey: string): Resend {
  return new Resend(apiKey)
}

/** One attempt may take this long; the SDK itself never gives up on a hanging request. */
export const ATTEMPT_TIMEOUT_MS = 10_000

export async function sendEmail(
  resend: Resend,
  email: Email,
  idempotencyKey: string,
): Promise<Attempt<string>> {
  const { data, error, headers } = await resend.emails.send(email, {
    idempotencyKey,
    signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
  })
  if (!error) return { ok: true, value: data.id }
  // No status: no answer at all (the SDK drops the cause: refused, DNS, timeout), or an
  // answer whose body did not say. Either way the Idempotency-Key makes another try safe.
  if (typeof error.statusCode !== 'number') {
    return { ok: false, retryable: true, error: `${headers ? 'Resend' : 'network'}: ${error.message}` }
  }
  return {
    ok: false,
    retryable: isRetryableStatus(error.statusCode),
    error: `Resend ${error.statusCode} ${error.name}: ${error.message}`,
    retryAfter: headers?.['retry-after'] ?? null,
  }
}
