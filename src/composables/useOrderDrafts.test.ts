import { describe, expect, it } from 'vitest'
import type { FullOrder } from './useOrder'
import { useOrderDrafts } from './useOrderDrafts'

const order = (over: Partial<FullOrder> = {}): FullOrder =>
  ({
    id: 'o1',
    version: 1,
    notes: 'leave at door',
    carrier: 'DHL',
    tracking_number: null,
    estimated_delivery: null,
    items: [{ description: 'Mug', quantity: 2, unit_price_cents: 1250 }],
    ...over,
  }) as FullOrder

describe('the order page drafts', () => {
  it('take a fresh copy only while nothing is being edited', () => {
    const d = useOrderDrafts()
    d.resetIfClean(order())
    expect(d.details.carrier).toBe('DHL')
    expect(d.items.value).toEqual([{ description: 'Mug', quantity: 2, price: '12.50' }])
    d.details.carrier = 'UPS'
    d.detailsDirty.value = true
    d.resetIfClean(order({ version: 2, carrier: 'FedEx' }))
    expect(d.details.carrier).toBe('UPS')
    expect(d.version.value).toBe(1)
  })

  it('a stale save names the fields someone else changed since the edits began', async () => {
    const d = useOrderDrafts()
    d.reset(order())
    d.details.carrier = 'UPS'
    d.detailsDirty.value = true
    let shown = order()
    // The refetch lands a clean copy first when nothing is dirty; here the edits are kept.
    await d.conflictAfter(
      async () => {
        shown = order({ version: 2, notes: 'ring twice', tracking_number: 'T1' })
        d.resetIfClean(shown)
      },
      () => shown,
    )
    expect(d.conflict.value).toEqual({ fields: ['notes', 'tracking_number'] })
    expect(d.details.carrier).toBe('UPS')
    expect(d.detailsToSave()).toEqual({
      notes: 'leave at door',
      carrier: 'UPS',
      tracking_number: null,
      estimated_delivery: null,
    })
  })

  it('a stale status move with no edits still names what changed (the drafts were refreshed meanwhile)', async () => {
    const d = useOrderDrafts()
    d.reset(order())
    let shown = order()
    await d.conflictAfter(
      async () => {
        shown = order({ version: 2, carrier: 'FedEx' })
        d.resetIfClean(shown)
      },
      () => shown,
    )
    expect(d.conflict.value).toEqual({ fields: ['carrier'] })
  })
})
