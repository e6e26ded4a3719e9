import { describe, expect, it } from 'vitest'
import { SECOND_STEP, SIGN_IN, STAFF_ONLY, admit, safeNext } from './access'

const dashboard = { path: '/admin', fullPath: '/admin', needs: 'admin' as const }
const order = { path: '/admin/orders/42', fullPath: '/admin/orders/42?tab=items', needs: 'admin' as const }
const tracker = { path: '/track', fullPath: '/track', needs: 'customer' as const }
const signIn = (next?: string) => ({ path: SIGN_IN, fullPath: SIGN_IN, next })
const codePrompt = (next?: string) => ({ path: SECOND_STEP, fullPath: SECOND_STEP, next })

describe('admit: admin pages need an admin at aal2', () => {
  it('an admin at aal1 opening an admin page by URL lands on the code prompt, remembering the page', () => {
    expect(admit(order, 'admin', 'aal1')).toEqual({
      path: SECOND_STEP,
      query: { next: '/admin/orders/42?tab=items' },
    })
    expect(admit(dashboard, 'admin', null)).toEqual({ path: SECOND_STEP, query: { next: '/admin' } })
  })

  it('an admin at aal1 stays on the code prompt; the sign-in page sends them there', () => {
    expect(admit(codePrompt('/admin'), 'admin', 'aal1')).toBe(true)
    expect(admit(signIn('/admin/customers'), 'admin', 'aal1')).toEqual({
      path: SECOND_STEP,
      query: { next: '/admin/customers' },
    })
  })

  it('an admin at aal2 reaches admin pages, and leaves the sign-in steps for where they were going', () => {
    expect(admit(order, 'admin', 'aal2')).toBe(true)
    expect(admit(codePrompt('/admin/customers'), 'admin', 'aal2')).toEqual({ path: '/admin/customers' })
    expect(admit(signIn(), 'admin', 'aal2')).toEqual({ path: '/admin' })
  })

  it('customers never see the code prompt or admin pages, whatever their level', () => {
    expect(admit(tracker, 'customer', 'aal1')).toBe(true)
    expect(admit(codePrompt(), 'customer', 'aal1')).toEqual({ path: '/track' })
    expect(admit(dashboard, 'customer', 'aal2')).toEqual({ path: '/track', flash: STAFF_ONLY })
  })

  it('nobody signed in is sent to sign in, including from the code prompt', () => {
    expect(admit(order, 'anonymous', null)).toEqual({
      path: SIGN_IN,
      query: { next: '/admin/orders/42?tab=items' },
    })
    expect(admit(codePrompt(), 'anonymous', null)).toEqual({ path: SIGN_IN })
    expect(admit(signIn(), 'anonymous', null)).toBe(true)
  })
})

describe('safeNext: where to go after signing in stays in the app', () => {
  it('keeps in-app paths and drops other origins', () => {
    expect(safeNext('/admin/orders/1?x=1')).toBe('/admin/orders/1?x=1')
    for (const bad of ['//evil.test/admin', 'https://evil.test', '/\\evil.test', 'admin', '']) {
      expect(safeNext(bad)).toBeUndefined()
    }
    expect(admit(signIn('//evil.test'), 'admin', 'aal2')).toEqual({ path: '/admin' })
  })
})
