// How the function retries Resend: 429 and 5xx (and network failures) are worth another
// try, after the wait Resend asks for in Retry-After, else exponential backoff.
export interface RetryPolicy {
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 10_000 }

export type Attempt<T> =
  { ok: true; value: T } | { ok: false; retryable: boolean; error: string; retryAfter?: string | null }

export interface RetryResult<T> {
  ok: boolean
  value?: T
  error?: string
  attempts: number
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500
}

/** Milliseconds to wait before attempt `attempt + 1`; Retry-After (seconds or a date) wins. */
export function retryDelayMs(
  attempt: number,
  retryAfter: string | null | undefined,
  policy: RetryPolicy,
  now = Date.now(),
): number {
  const clamp = (ms: number) => Math.max(0, Math.min(policy.maxDelayMs, Math.round(ms)))
  if (retryAfter) {
    const seconds = Number(retryAfter)
    if (Number.isFinite(seconds)) return clamp(seconds * 1000)
    const date = Date.parse(retryAfter)
    if (!Number.isNaN(date)) return clamp(date - now)
  }
  return clamp(policy.baseDelayMs * 2 ** (attempt - 1))
}

export async function withRetries<T>(
  attempt: (n: number) => Promise<Attempt<T>>,
  policy: RetryPolicy = DEFAULT_POLICY,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<RetryResult<T>> {
  let last: Attempt<T> | undefined
  for (let n = 1; n <= policy.maxAttempts; n++) {
    last = await attempt(n)
    if (last.ok) return { ok: true, value: last.value, attempts: n }
    if (!last.retryable || n === policy.maxAttempts) return { ok: false, error: last.error, attempts: n }
    await sleep(retryDelayMs(n, last.retryAfter, policy))
  }
  return { ok: false, error: 'no attempt made', attempts: 0 }
}
