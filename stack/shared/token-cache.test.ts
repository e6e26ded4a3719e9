import { describe, expect, it } from 'vitest'
import { createTokenCache } from './token-cache.ts'

describe('the verified-token cache is bounded by bytes', () => {
  it('never holds more bytes than allowed, whatever the token sizes', () => {
    const cache = createTokenCache<string>({ maxBytes: 64 * 1024, maxEntryBytes: 8 * 1024 })
    for (let i = 0; i < 2000; i++) {
      const token = `${i}.`.padEnd(100 + ((i * 37) % 8000), 'x')
      cache.set(token, 'claims', token.length)
      expect(cache.stats().bytes).toBeLessThanOrEqual(64 * 1024)
    }
    expect(cache.stats().entries).toBeGreaterThan(5)
  })

  it('keeps no token longer than maxEntryBytes (a 4 MB frame cannot fill it)', () => {
    const cache = createTokenCache<string>({ maxBytes: 1024 * 1024, maxEntryBytes: 16 * 1024 })
    cache.set('x'.repeat(4 * 1024 * 1024), 'claims', 4 * 1024 * 1024)
    expect(cache.stats()).toEqual({ entries: 0, bytes: 0 })
  })

  it('evicts the least recently used first', () => {
    const cache = createTokenCache<number>({ maxBytes: 3 * (10 + 96), maxEntryBytes: 100 })
    cache.set('aaaaa', 1, 5)
    cache.set('bbbbb', 2, 5)
    cache.set('ccccc', 3, 5)
    cache.get('aaaaa')
    cache.set('ddddd', 4, 5)
    expect(cache.get('bbbbb')).toBeUndefined()
    expect(cache.get('aaaaa')).toBe(1)
    expect(cache.get('ddddd')).toBe(4)
  })
})
