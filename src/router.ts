// Routes, guarded by role: admin pages for admins at aal2 (password + TOTP), the tracker
// for customers. The rule itself is src/lib/access.ts.
import { createRouter, createWebHistory } from 'vue-router'
import { SECOND_STEP, admit } from '@/lib/access'
import { useAuthStore } from '@/stores/auth'

declare module 'vue-router' {
  interface RouteMeta {
    role?: 'admin' | 'customer'
    title?: string
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/sign-in' },
    { path: '/sign-in', component: () => import('./views/SignInView.vue'), meta: { title: 'Sign in' } },
    {
      path: SECOND_STEP,
      component: () => import('./views/SecondFactorView.vue'),
      meta: { title: 'Authenticator code' },
    },
    {
      path: '/admin',
      component: () => import('./views/DashboardView.vue'),
      meta: { role: 'admin', title: 'Orders' },
    },
    {
      path: '/admin/orders/new',
      component: () => import('./views/NewOrderView.vue'),
      meta: { role: 'admin', title: 'New order' },
    },
    {
      path: '/admin/orders/:id',
      component: () => import('./views/OrderView.vue'),
      props: true,
      meta: { role: 'admin', title: 'Order' },
    },
    {
      path: '/admin/customers',
      component: () => import('./views/CustomersView.vue'),
      meta: { role: 'admin', title: 'Customers' },
    },
    {
      path: '/admin/customers/:id',
      component: () => import('./views/CustomerView.vue'),
      props: true,
      meta: { role: 'admin', title: 'Customer' },
    },
    {
      path: '/track',
      component: () => import('./views/TrackerView.vue'),
      meta: { role: 'customer', title: 'Your orders' },
    },
    {
      path: '/track/:number',
      component: () => import('./views/TrackerView.vue'),
      props: true,
      meta: { role: 'customer', title: 'Your order' },
    },
    {
      path: '/unsubscribe',
      component: () => import('./views/UnsubscribeView.vue'),
      meta: { title: 'Order emails' },
    },
    {
      path: '/:rest(.*)*',
      component: () => import('./views/NotFoundView.vue'),
      meta: { title: 'Not found' },
    },
  ],
})

/** A message for the next page, when a guard had to send someone elsewhere. */
export const flash = { message: '' }

router.beforeEach(async (to) => {
  const auth = useAuthStore()
  await auth.init()
  // The level comes from the session's token (getAuthenticatorAssuranceLevel), read afresh
  // for admins at each navigation, so a verified code takes effect at once.
  const level = auth.role === 'admin' ? (await auth.checkAssurance()).currentLevel : null
  const verdict = admit(
    { path: to.path, fullPath: to.fullPath, needs: to.meta.role, next: to.query.next?.toString() },
    auth.role,
    level,
  )
  if (verdict === true) return true
  if (verdict.flash) flash.message = verdict.flash
  return { path: verdict.path, query: verdict.query }
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · Realtime Orders` : 'Realtime Orders'
})
