import { describe, expect, it } from 'vitest'
import { STATUSES, money, newer, nextStatuses } from './model'

describe('nextStatuses mirrors the database lifecycle', () => {
  it('moves one step forward or cancels; closed orders go nowhere', () => {
    expect(nextStatuses('pending')).toEqual(['confirmed', 'cancelled'])
    expect(nextStatuses('out_for_delivery')).toEqual(['delivered', 'cancelled'])
    expect(nextStatuses('delivered')).toEqual([])
    expect(nextStatuses('cancelled')).toEqual([])
    expect(STATUSES).toHaveLength(7)
  })
})

describe('newer: realtime and fetches may arrive in any order', () => {
  it('keeps the higher version', () => {
    const v2 = { id: 'a', version: 2, status: 'confirmed' }
    const v1 = { id: 'a', version: 1, status: 'pending' }
    expect(newer(v2, v1)).toBe(v2)
    expect(newer(v1, v2)).toEqual(v2)
    expect(newer(undefined, v1)).toBe(v1)
  })

  it('falls back to updated_at for rows without a version', () => {
    const a = { updated_at: '2026-01-02T00:00:00Z', n: 2 }
    const b = { updated_at: '2026-01-01T00:00:00Z', n: 1 }
    expect(newer(a, b)).toBe(a)
  })
})

it('formats money from cents', () => {
  expect(money(5299, 'USD')).toBe('$52.99')
  expect(money(100, 'EUR')).toBe('€1.00')
})
