import { describe, expect, it } from 'vitest'
import { type DayCount, amounts, describeDays, minutesInWords, stackDays, statusesShown } from './dashboard'

const day = (d: string, pending: number, delivered = 0): DayCount => ({
  day: d,
  total: pending + delivered,
  by_status: {
    pending,
    confirmed: 0,
    processing: 0,
    shipped: 0,
    out_for_delivery: 0,
    delivered,
    cancelled: 0,
  },
})

describe('the dashboard in words', () => {
  it('shows each currency on its own, never a converted sum', () => {
    expect(
      amounts([
        { currency: 'USD', cents: 120000 },
        { currency: 'EUR', cents: 8000 },
      ]),
    ).toBe('$1,200.00 + €80.00')
    expect(amounts([])).toBe('$0.00')
  })

  it('describes the chart: total, span and the busiest day', () => {
    const days = [day('2026-11-25', 2), day('2026-11-26', 3, 4)]
    expect(describeDays(days)).toBe(
      "9 orders placed from Nov 25 to Nov 26, most on Nov 26 (7). Bars are split by each order's status now.",
    )
    expect(describeDays([day('2026-11-26', 0)])).toBe('No orders were placed from Nov 26 to Nov 26.')
    expect(statusesShown(days)).toEqual(['pending', 'delivered'])
  })

  it('stacks the bars: each status on top of the ones before it, tallest drawn first', () => {
    expect(stackDays([day('2026-11-25', 2), day('2026-11-26', 3, 4)])).toEqual([
      { status: 'delivered', tops: [2, 7] },
      { status: 'pending', tops: [2, 3] },
    ])
  })

  it('says the pending threshold in the largest whole unit', () => {
    expect(minutesInWords(1440)).toBe('1 day')
    expect(minutesInWords(180)).toBe('3 hours')
    expect(minutesInWords(45)).toBe('45 minutes')
  })
})
