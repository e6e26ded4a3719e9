// Routes, guarded by role: admin pages for admins, the tracker for customers.
import { createRouter, createWebHistory } from 'vue-router'
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
  const home = auth.role === 'admin' ? '/admin' : '/track'
  if (to.path === '/sign-in' && auth.role !== 'anonymous') return to.query.next?.toString() || home
  if (!to.meta.role) return true
  if (auth.role === 'anonymous') return { path: '/sign-in', query: { next: to.fullPath } }
  if (to.meta.role === 'admin' && auth.role !== 'admin') {
    flash.message = 'That page is for the shop’s staff. Here are your orders.'
    return '/track'
  }
  return true
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · Realtime Orders` : 'Realtime Orders'
})
