// The main pages through axe-core: no serious or critical violations.
import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { account, newPage, orderFor, screenshot, signIn } from './support.ts'

test('sign-in, dashboard, order, customers and tracker pass axe (no serious or critical issues)', async ({
  browser,
}) => {
  const admin = await account('admin')
  const customer = await account('customer')
  const order = await orderFor(customer.customerId)
  const page = await newPage(browser)

  const check = async (name: string) => {
    await page.waitForLoadState('networkidle')
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(bad.map((v) => `${name}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`)).toEqual(
      [],
    )
  }

  await page.goto('/sign-in')
  await screenshot(page, 'sign-in')
  await check('sign-in')
  await signIn(page, admin.email)
  await expect(page.getByTestId('live-status')).toHaveText(/Live/)
  await check('dashboard')
  await page.goto(`/admin/orders/${order.id}`)
  await expect(page.getByTestId('timeline')).toBeVisible()
  await check('order')
  await page.goto('/admin/customers')
  await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible()
  await screenshot(page, 'admin-customers')
  await check('customers')

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: page.url() })
  const mobile = await phone.newPage()
  await signIn(mobile, customer.email)
  await expect(mobile.getByTestId(`tracked-${order.number}`)).toBeVisible()
  await screenshot(mobile, 'tracker-phone')
  const results = await new AxeBuilder({ page: mobile }).withTags(['wcag2a', 'wcag2aa']).analyze()
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([])
})
