// GoTrue's per-address rate limits (`[auth.rate_limit]`): a fixed window per limit and
// address. Windows that have ended are forgotten as requests come in, and each limit keeps
// at most `maxEntries` addresses, so invented addresses cannot grow memory without bound.
import { rateLimited } from './errors.ts'

export interface Limit {
  name: string
  /** Requests allowed per window. */
  max: number
  windowMs: number
  errorCode: 'over_request_rate_limit' | 'over_email_send_rate_limit'
  message?: string
  /** One window for the whole project, whatever the address (GoTrue's email_sent). */
  global?: boolean
}

interface Window {
  start: number
  used: number
}

export function createRateLimiter(now: () => number = Date.now, maxEntries = 50_000) {
  // One map per limit: within it every window has the same length, and since a renewed
  // window is re-inserted, the map's order is the order in which windows end.
  const limits = new Map<string, Map<string, Window>>()

  function forgetEnded(windows: Map<string, Window>, windowMs: number, t: number): void {
    for (const [key, w] of windows) {
      if (t - w.start < windowMs) break
      windows.delete(key)
    }
  }

  return {
    /** Counts one request from `address` against `limit`; throws GoTrue's 429 when over. */
    take(limit: Limit, address: string): void {
      const key = limit.global ? '*' : address
      const t = now()
      let windows = limits.get(limit.name)
      if (!windows) limits.set(limit.name, (windows = new Map()))
      forgetEnded(windows, limit.windowMs, t)
      let w = windows.get(key)
      if (!w) {
        // Full of live windows: drop the one closest to its end rather than grow.
        if (windows.size >= maxEntries) windows.delete(windows.keys().next().value!)
        w = { start: t, used: 0 }
        windows.set(key, w)
      }
      if (w.used >= limit.max) {
        const retry = Math.ceil((w.start + limit.windowMs - t) / 1000)
        const message =
          limit.message ??
          (limit.errorCode === 'over_email_send_rate_limit'
            ? 'email rate limit exceeded'
            : 'Request rate limit reached')
        throw rateLimited(limit.errorCode, message, retry)
      }
      w.used++
    },
    /** Addresses currently remembered, over all limits. */
    size(): number {
      let n = 0
      for (const windows of limits.values()) n += windows.size
      return n
    },
  }
}

export type RateLimiter = ReturnType<typeof createRateLimiter>
