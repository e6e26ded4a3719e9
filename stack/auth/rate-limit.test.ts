import { describe, expect, it } from 'vitest'
import { createRateLimiter, type Limit } from './rate-limit.ts'
import { AuthError } from './errors.ts'

const limit: Limit = { name: 'sign_in', max: 2, windowMs: 300_000, errorCode: 'over_request_rate_limit' }

describe('auth rate limiter', () => {
  it('allows max requests per window and address, then answers 429 with Retry-After', () => {
    let t = 0
    const limiter = createRateLimiter(() => t)
    limiter.take(limit, '10.0.0.1')
    limiter.take(limit, '10.0.0.1')
    limiter.take(limit, '10.0.0.2')
    let err: unknown
    try {
      limiter.take(limit, '10.0.0.1')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(AuthError)
    expect(err).toMatchObject({
      status: 429,
      errorCode: 'over_request_rate_limit',
      headers: { 'retry-after': '300' },
    })
    t = 300_000
    expect(() => limiter.take(limit, '10.0.0.1')).not.toThrow()
  })
})
