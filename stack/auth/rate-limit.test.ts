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

describe('the limiter forgets', () => {
  it('stays bounded however many addresses are invented: ended windows go, then the oldest live ones', () => {
    let t = 0
    const limiter = createRateLimiter(() => t, 1000)
    for (let i = 0; i < 200_000; i++) {
      t += 10 // 2 000 s of traffic against a 300 s window
      limiter.take(limit, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`)
    }
    expect(limiter.size()).toBeLessThanOrEqual(1000)
    t += 300_000
    limiter.take(limit, '192.0.2.1')
    expect(limiter.size()).toBe(1)
  })

  it('an address that keeps coming back is still counted while its window lasts', () => {
    let t = 0
    const limiter = createRateLimiter(() => t, 1000)
    limiter.take(limit, '10.0.0.1')
    limiter.take(limit, '10.0.0.1')
    for (let i = 0; i < 500; i++) limiter.take(limit, `10.1.${i >> 8}.${i & 255}`)
    t = 299_000
    expect(() => limiter.take(limit, '10.0.0.1')).toThrow(AuthError)
  })
})

describe('a project-wide limit', () => {
  it('counts every address in one window (email_sent)', () => {
    const limiter = createRateLimiter(() => 0)
    const emails: Limit = { ...limit, name: 'email_sent', global: true }
    limiter.take(emails, '10.0.0.1')
    limiter.take(emails, '10.0.0.2')
    expect(() => limiter.take(emails, '10.0.0.3')).toThrow(AuthError)
  })
})
