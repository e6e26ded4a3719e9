import { describe, expect, it } from 'vitest'
import { mergeChange, mergeList, newer } from './merge'

const row = (id: string, version: number, status = 'pending') => ({ id, version, status })

describe('newer: realtime and fetches may arrive in any order', () => {
  it('keeps the higher version', () => {
    const v2 = row('a', 2, 'confirmed')
    const v1 = row('a', 1)
    expect(newer(v2, v1)).toBe(v2)
    expect(newer(v1, v2)).toEqual(v2)
    expect(newer(undefined, v1)).toBe(v1)
  })

  it('falls back to updated_at for rows without a version', () => {
    const a = { updated_at: '2026-01-02T00:00:00Z', n: 2 }
    const b = { updated_at: '2026-01-01T00:00:00Z', n: 1 }
    expect(newer(a, b)).toBe(a)
    expect(newer(b, a)).toEqual(a)
  })
})

describe('mergeList: a fetch never undoes a change heard while it was on its way', () => {
  it('keeps the server order and the newer copy of each row', () => {
    const shown = [row('a', 3, 'shipped'), row('b', 1)]
    const fetched = [row('b', 2, 'confirmed'), row('a', 2, 'processing'), row('c', 1)]
    expect(mergeList(shown, fetched)).toEqual([row('b', 2, 'confirmed'), row('a', 3, 'shipped'), row('c', 1)])
  })
})

describe('mergeChange: a live change applied to a list', () => {
  const list = [row('a', 2), row('b', 1)]

  it('merges a newer change into its row and keeps the rest', () => {
    const out = mergeChange(list, { id: 'a', version: 3, status: 'confirmed' })
    expect(out).toEqual([row('a', 3, 'confirmed'), row('b', 1)])
    expect(list[0]).toEqual(row('a', 2))
  })

  it('ignores a stale change and returns the same list', () => {
    expect(mergeChange(list, { id: 'a', version: 1, status: 'cancelled' })).toBe(list)
  })

  it('adds an unknown row only where asked', () => {
    expect(mergeChange(list, row('c', 1))).toBe(list)
    expect(mergeChange(list, row('c', 1), 'start').map((r) => r.id)).toEqual(['c', 'a', 'b'])
    expect(mergeChange(list, row('c', 1), 'end').map((r) => r.id)).toEqual(['a', 'b', 'c'])
  })
})
