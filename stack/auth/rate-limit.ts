// GoTrue's per-IP rate limits (`[auth.rate_limit]`): a fixed window per limit and address.
import { AuthError } from './errors.ts'

export interface Limit {
  name: string
  /** Requests allowed per window. */
  max: number
  windowMs: number
  errorCode: 'over_request_rate_limit' | 'over_email_send_rate_limit'
}

export function createRateLimiter(now: () => number = Date.now) {
  const windows = new Map<string, { start: number; used: number }>()
  return {
    /** Counts one request by `ip` against `limit`; throws GoTrue's 429 when over. */
    take(limit: Limit, ip: string): void {
      const key = `${limit.name}\u0000${ip}`
      const t = now()
      let w = windows.get(key)
      if (!w || t - w.start >= limit.windowMs) {
        w = { start: t, used: 0 }
        windows.set(key, w)
      }
      if (w.used >= limit.max) {
        const retry = Math.ceil((w.start + limit.windowMs - t) / 1000)
        const message =
          limit.errorCode === 'over_email_send_rate_limit'
            ? 'email rate limit exceeded'
            : 'Request rate limit reached'
        throw new AuthError(429, limit.errorCode, message, {}, { 'retry-after': String(retry) })
      }
      w.used++
    },
  }
}

export type RateLimiter = ReturnType<typeof createRateLimiter>
