import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import type { OrderListRow } from '@/stores/orders'
import { useBulkMove } from './useBulkMove'

const row = (id: string) => ({ id, version: 1 }) as OrderListRow

describe('the dashboard selection', () => {
  it('ticks rows, the whole page and back, and moves only ticked rows still on the page', () => {
    const rows = ref([row('a'), row('b'), row('c')])
    const bulk = useBulkMove(rows)
    bulk.toggle('b')
    expect(bulk.chosen.value.map((r) => r.id)).toEqual(['b'])
    expect(bulk.allOnPage.value).toBe(false)
    bulk.toggleAll()
    expect(bulk.chosen.value.map((r) => r.id)).toEqual(['a', 'b', 'c'])
    expect(bulk.allOnPage.value).toBe(true)
    // A live reload drops a row (it moved out of the filter): it is no longer chosen.
    rows.value = [row('a'), row('c')]
    expect(bulk.chosen.value.map((r) => r.id)).toEqual(['a', 'c'])
    bulk.toggleAll()
    expect(bulk.chosen.value).toEqual([])
    bulk.toggle('a')
    bulk.toggle('a')
    expect(bulk.chosen.value).toEqual([])
  })
})
