import { expect, it } from 'vitest'
import { lsnValue } from './replication.ts'

it('orders LSNs across the high word, as Postgres does', () => {
  expect(lsnValue('0/FFFFFFFF') < lsnValue('1/0')).toBe(true)
  expect(lsnValue('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n)
  expect(lsnValue('0/10') > lsnValue('0/F')).toBe(true)
})
