import { describe, expect, it } from 'vitest'
import { LARGEST, PreparedStatements } from './prepared.ts'

describe('prepared statements per connection', () => {
  it('names a text once and reuses the name', () => {
    const p = new PreparedStatements()
    const first = p.use('select 1')
    expect(first).toEqual({ name: 'pgrst_1', isNew: true, evict: [] })
    expect(p.use('select 1')).toEqual({ name: 'pgrst_1', isNew: false, evict: [] })
    expect(p.use('select 2').name).toBe('pgrst_2')
  })

  it('evicts the least recently used beyond its count', () => {
    const p = new PreparedStatements(2, 1_000)
    p.use('a')
    p.use('b')
    p.use('a')
    expect(p.use('c')).toEqual({ name: 'pgrst_3', isNew: true, evict: ['pgrst_2'] })
    expect(p.size.count).toBe(2)
  })

  it('stays within its byte limit however many distinct texts arrive', () => {
    const p = new PreparedStatements(10_000, 10_000)
    for (let i = 0; i < 5_000; i++) p.use(`select ${i} -- ${'x'.repeat(100)}`)
    expect(p.size.bytes).toBeLessThanOrEqual(10_000)
    expect(p.size.count).toBeLessThan(100)
  })

  it('leaves statements above the size cap unnamed', () => {
    const p = new PreparedStatements()
    expect(p.use('x'.repeat(LARGEST + 1))).toEqual({ isNew: true, evict: [] })
    expect(p.size.count).toBe(0)
  })
})
