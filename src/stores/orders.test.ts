import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { type OrderListRow, searchFilter, useOrdersStore } from './orders'

const row = (over: Partial<OrderListRow>): OrderListRow => ({
  id: 'o1',
  number: 'ORD-000001',
  status: 'pending',
  total_cents: 100,
  currency: 'USD',
  version: 1,
  customer_id: 'c1',
  customer_name: 'Ann',
  customer_email: 'ann@example.com',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  carrier: null,
  tracking_number: null,
  estimated_delivery: null,
  ...over,
})

describe('the dashboard store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('merges a live update into the shown row, highlights it, and never goes back a version', () => {
    const store = useOrdersStore()
    store.query.sort = 'number'
    store.rows = [row({ version: 3, status: 'processing' })]
    expect(store.applyChange({ eventType: 'UPDATE', new: { id: 'o1', version: 4, status: 'shipped' } })).toBe(
      false,
    )
    expect(store.rows[0]).toMatchObject({ version: 4, status: 'shipped', customer_name: 'Ann' })
    expect(store.highlighted.o1).toBeTypeOf('number')
    store.applyChange({ eventType: 'UPDATE', new: { id: 'o1', version: 2, status: 'confirmed' } })
    expect(store.rows[0]).toMatchObject({ version: 4, status: 'shipped' })
  })

  it('asks for a reload for new orders and for rows not on the page', () => {
    const store = useOrdersStore()
    store.rows = [row({})]
    expect(store.applyChange({ eventType: 'INSERT', new: { id: 'o2' } })).toBe(true)
    expect(store.applyChange({ eventType: 'UPDATE', new: { id: 'o3', version: 1 } })).toBe(true)
  })

  it('searches number, name and email, without letting text break the filter syntax', () => {
    expect(searchFilter('  ')).toBeUndefined()
    expect(searchFilter('ann')).toBe(
      'number.ilike.*ann*,customer_name.ilike.*ann*,customer_email.ilike.*ann*',
    )
    expect(searchFilter('a,b)(*')).toBe(
      'number.ilike.*a b*,customer_name.ilike.*a b*,customer_email.ilike.*a b*',
    )
  })
})
