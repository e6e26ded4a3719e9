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

export async function sendEmail(
  resend: Resend,
  email: Email,
  idempotencyKey: string,
): Promise<Attempt<string>> {
  const { data, error, headers } = await resend.emails.send(email, { idempotencyKey })
  if (!error) return { ok: true, value: data.id }
  // No statusCode: the request never got an answer (the SDK keeps no more than that).
  if (error.statusCode === null) return { ok: false, retryable: true, error: `network: ${error.message}` }
  return {
    ok: false,
    retryable: isRetryableStatus(error.statusCode),
    error: `Resend ${error.statusCode} ${error.name}: ${error.message}`,
    retryAfter: headers?.['retry-after'] ?? null,
  }
}
