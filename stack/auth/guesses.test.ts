import { describe, expect, it } from 'vitest'
import { createGuessCounter, WRONG_CODES_ALLOWED } from './guesses.ts'

describe('tries at one-time codes, per address', () => {
  it(`allows ${WRONG_CODES_ALLOWED} tries, then none until a new code resets them`, () => {
    const c = createGuessCounter({ ttlMs: 3_600_000 })
    const left = Array.from({ length: WRONG_CODES_ALLOWED }, () => c.take('Ann@example.com'))
    expect(left).toEqual([4, 3, 2, 1, 0])
    expect(c.take('ann@example.com')).toBe(-1)
    expect(c.take('bob@example.com')).toBe(4)
    c.reset('ann@example.com')
    expect(c.take('ann@example.com')).toBe(4)
  })

  it('forgets counts older than a code can live, and stays bounded', () => {
    let t = 0
    const c = createGuessCounter({ ttlMs: 1000, maxEntries: 100, now: () => t })
    for (let i = 0; i < 5; i++) c.take('ann@example.com')
    t = 1000
    expect(c.take('ann@example.com')).toBe(4)
    for (let i = 0; i < 10_000; i++) c.take(`u${i}@example.com`)
    expect(c.size()).toBeLessThanOrEqual(100)
  })
})
