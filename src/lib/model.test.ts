import { describe, expect, it } from 'vitest'
import { STATUSES, money, nextStatuses } from './model'

describe('nextStatuses mirrors the database lifecycle', () => {
  it('moves one step forward or cancels; closed orders go nowhere', () => {
    expect(nextStatuses('pending')).toEqual(['confirmed', 'cancelled'])
    expect(nextStatuses('out_for_delivery')).toEqual(['delivered', 'cancelled'])
    expect(nextStatuses('delivered')).toEqual([])
    expect(nextStatuses('cancelled')).toEqual([])
    expect(STATUSES).toHaveLength(7)
  })
})

it('formats money from cents', () => {
  expect(money(5299, 'USD')).toBe('$52.99')
  expect(money(100, 'EUR')).toBe('€1.00')
})
