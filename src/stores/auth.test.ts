import type { Session } from '@supabase/supabase-js'
import { expect, it } from 'vitest'
import { roleOf } from './auth'

const session = (app_metadata: Record<string, unknown>) => ({ user: { app_metadata } }) as unknown as Session

it('tells admins from customers by app_metadata.role only', () => {
  expect(roleOf(null)).toBe('anonymous')
  expect(roleOf(session({ role: 'admin' }))).toBe('admin')
  expect(roleOf(session({}))).toBe('customer')
  expect(roleOf(session({ role: 'Admin' }))).toBe('customer')
})
