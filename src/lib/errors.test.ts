import { expect, it } from 'vitest'
import { friendlyError, isStaleVersion } from './errors'

it('turns API codes into plain words, never raw JSON', () => {
  expect(friendlyError({ code: 'PT409', message: 'Order ORD-1 was changed…' })).toMatch(
    /Someone else changed/,
  )
  expect(
    friendlyError({ code: 'PT422', message: 'Order ORD-1 cannot move from delivered to pending.' }),
  ).toBe('Order ORD-1 cannot move from delivered to pending.')
  expect(friendlyError({ code: 'invalid_credentials', message: 'Invalid login credentials' })).toBe(
    'Wrong email or password.',
  )
  expect(friendlyError({ message: 'Failed to fetch' })).toMatch(/cannot be reached/)
  expect(friendlyError({ message: '{'.repeat(300) })).toBe('Something went wrong. Please try again.')
  expect(isStaleVersion({ code: 'PT409' })).toBe(true)
  expect(isStaleVersion(null)).toBe(false)
})
