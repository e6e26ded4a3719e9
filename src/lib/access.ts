// Where a navigation may go, by who is signed in and how: the router's guard as a pure rule.
// Admin pages need an admin at aal2 (password + TOTP), as the database's is_admin() does;
// an admin at aal1 is sent to the code prompt, never to admin data.

export type Role = 'admin' | 'customer' | 'anonymous'
export type Level = 'aal1' | 'aal2' | null

export const SIGN_IN = '/sign-in'
export const SECOND_STEP = '/sign-in/code'

export interface Visit {
  path: string
  fullPath: string
  /** Who the page is for (the route's meta.role). */
  needs?: 'admin' | 'customer'
  /** Where to go after signing in (the query's `next`). */
  next?: string
}

export type Verdict = true | { path: string; query?: { next: string }; flash?: string }

/** An in-app path only: never another origin (`//host`, `https://…`) or a backslash trick. */
export function safeNext(next: string | undefined): string | undefined {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : undefined
}

export const STAFF_ONLY = 'That page is for the shop’s staff. Here are your orders.'

export function admit(visit: Visit, role: Role, level: Level): Verdict {
  const next = safeNext(visit.next)
  const back = (path: string) => ({ path, ...(next ? { query: { next } } : {}) })
  if (role === 'anonymous') {
    if (visit.needs) return { path: SIGN_IN, query: { next: visit.fullPath } }
    return visit.path === SECOND_STEP ? { path: SIGN_IN } : true
  }
  if (role === 'customer') {
    if (visit.path === SIGN_IN) return { path: next ?? '/track' }
    if (visit.path === SECOND_STEP) return { path: '/track' }
    return visit.needs === 'admin' ? { path: '/track', flash: STAFF_ONLY } : true
  }
  if (level !== 'aal2') {
    if (visit.needs === 'admin') return { path: SECOND_STEP, query: { next: visit.fullPath } }
    return visit.path === SIGN_IN ? back(SECOND_STEP) : true
  }
  if (visit.path === SIGN_IN || visit.path === SECOND_STEP) return { path: next ?? '/admin' }
  return true
}
