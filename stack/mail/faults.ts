// Fault injection for tests of retry logic, and a per-key rate limit shaped like Resend's.
import { ResendError } from './validation.ts'

export interface FaultPlan {
  count: number
  status: number
  retryAfter?: number
  /** Only requests whose Idempotency-Key contains this fail (keeps parallel tests apart). */
  match?: string
}

export function createFaults() {
  let plan: FaultPlan | undefined
  return {
    set(p: FaultPlan) {
      plan = p.count > 0 ? p : undefined
    },
    /** Throws the planned failure for this request, if any is left. */
    take(idempotencyKey?: string): void {
      if (!plan) return
      if (plan.match && !idempotencyKey?.includes(plan.match)) return
      const { status, retryAfter } = plan
      if (--plan.count <= 0) plan = undefined
      const headers: Record<string, string> =
        retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}
      if (status === 429)
        throw new ResendError(
          429,
          'rate_limit_exceeded',
          'Too many requests. Injected by the mail sink.',
          headers,
        )
      throw new ResendError(
        status,
        'internal_server_error',
        'An unexpected error occurred. Injected by the mail sink.',
        headers,
      )
    },
  }
}

/** Fixed one-second windows per API key, with Resend's ratelimit-* headers. */
export function createRateLimit(perSecond: number) {
  const windows = new Map<string, { second: number; used: number }>()
  return {
    check(apiKey: string): Record<string, string> {
      const second = Math.floor(Date.now() / 1000)
      const w = windows.get(apiKey)
      const current = w && w.second === second ? w : { second, used: 0 }
      current.used++
      windows.set(apiKey, current)
      const headers = {
        'ratelimit-limit': String(perSecond),
        'ratelimit-remaining': String(Math.max(0, perSecond - current.used)),
        'ratelimit-reset': '1',
      }
      if (current.used > perSecond) {
        throw new ResendError(
          429,
          'rate_limit_exceeded',
          `Too many requests. You can only make ${perSecond} requests per second.`,
          {
            ...headers,
            'retry-after': '1',
          },
        )
      }
      return headers
    },
  }
}
