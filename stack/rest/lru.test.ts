import { describe, expect, it } from 'vitest'
import { ByteLru } from './lru.ts'

describe('a byte-bounded LRU', () => {
  it('keeps recently used entries and evicts the oldest past its budget', () => {
    const lru = new ByteLru<number>(100, 1)
    lru.set('a', 1, 40)
    lru.set('b', 2, 40)
    expect(lru.get('a')).toBe(1)
    lru.set('c', 3, 40)
    expect(lru.get('b')).toBeUndefined()
    expect(lru.get('a')).toBe(1)
    expect(lru.bytes).toBeLessThanOrEqual(100)
  })

  it('counts the key in an entry’s weight and never grows past its budget, whatever comes in', () => {
    const lru = new ByteLru<string>(10_000)
    for (let i = 0; i < 10_000; i++) lru.set(`key-${i}-${'k'.repeat(i % 300)}`, 'v', 200)
    expect(lru.bytes).toBeLessThanOrEqual(10_000)
  })

  it('refuses an entry heavier than its share of the budget', () => {
    const lru = new ByteLru<string>(1_000, 0.1)
    lru.set('big', 'v', 500)
    expect(lru.size).toBe(0)
  })
})
