import { describe, expect, it } from 'vitest'
import { summarizeMoves } from './bulk'

const r = (outcome: string) => ({ outcome })

describe('a bulk move in words', () => {
  it('counts each outcome that occurred, moved first, and hides none', () => {
    expect(summarizeMoves([r('stale'), r('moved'), r('not_allowed'), r('moved')])).toBe(
      '2 moved, 1 not allowed, 1 changed by someone else',
    )
    expect(summarizeMoves([r('not_found')])).toBe('1 not found')
    expect(summarizeMoves([])).toBe('Nothing was moved')
  })
})
