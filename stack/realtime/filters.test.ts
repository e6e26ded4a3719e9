import { describe, expect, it } from 'vitest'
import { BindingError, bindingMatches, parseRowFilter, rowMatches } from './filters.ts'

describe('postgres_changes filters', () => {
  it('parses eq/in filters and refuses unknown operators', () => {
    expect(parseRowFilter('customer_id=eq.42')).toEqual({ column: 'customer_id', op: 'eq', values: ['42'] })
    expect(parseRowFilter('status=in.(pending,"shipped")')).toEqual({
      column: 'status',
      op: 'in',
      values: ['pending', 'shipped'],
    })
    expect(() => parseRowFilter('id=like.x')).toThrow(BindingError)
  })

  it('compares numbers numerically and text as text', () => {
    expect(rowMatches(parseRowFilter('n=gt.9'), { n: '10' })).toBe(true)
    expect(rowMatches(parseRowFilter('s=lt.b'), { s: 'a' })).toBe(true)
    expect(rowMatches(parseRowFilter('n=eq.1'), { n: null })).toBe(false)
  })

  it('matches event, schema and table wildcards', () => {
    const b = { id: 1, event: 'UPDATE' as const, schema: 'public', table: '*' }
    expect(bindingMatches(b, 'public', 'orders', 'UPDATE', {})).toBe(true)
    expect(bindingMatches(b, 'public', 'orders', 'INSERT', {})).toBe(false)
    expect(bindingMatches({ ...b, event: '*', schema: 'other' }, 'public', 'orders', 'INSERT', {})).toBe(
      false,
    )
  })
})
