// Every route through axe-core: no serious or critical violations.
import AxeBuilder from '@axe-core/playwright'
import { type Page, expect, test } from '@playwright/test'
import {
  PASSWORD,
  account,
  enterTotpCode,
  newPage,
  orderFor,
  screenshot,
  service,
  signIn,
  unique,
} from './support.ts'

async function axe(page: Page, name: string) {
  await page.waitForLoadState('networkidle')
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${name}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`)).toEqual(
    [],
  )
}

async function passwordStep(page: Page, email: string) {
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

// Every route of the app is visited by one of the three tests below.
test('sign-in, the code prompt and the dashboard (its chart table open, a bulk move answered) pass axe', async ({
  browser,
}) => {
  const admin = await account('admin')
  const customer = await account('customer')
  const order = await orderFor(customer.customerId)
  const page = await newPage(browser)
  const check = (name: string) => axe(page, name)

  await page.goto('/sign-in')
  await screenshot(page, 'sign-in')
  await check('sign-in')
  await passwordStep(page, admin.email)
  await expect(page.getByRole('heading', { name: 'Enter your authenticator code' })).toBeVisible()
  await screenshot(page, 'authenticator-code')
  await check('code prompt')
  await enterTotpCode(page, admin.totpSecret!)
  await expect(page.getByTestId('live-status')).toHaveText(/Live/)
  await expect(page.getByTestId('chart-summary')).toBeVisible()
  await check('dashboard')
  await page.getByText('Show the numbers as a table').click()
  await page.getByLabel('Search orders').fill(order.number)
  await expect(page.getByTestId('orders-count')).toHaveText('1 order')
  await page.getByLabel(`Select ${order.number}`).check()
  await page.getByLabel('Move to').selectOption({ label: 'Shipped' })
  await page.getByRole('button', { name: 'Move 1 order' }).click()
  await expect(page.getByTestId(`move-result-${order.number}`)).toContainText('Not allowed')
  await page.getByLabel(`Select ${order.number}`).check()
  await check('dashboard, bulk move')
  await page.getByRole('button', { name: 'Desk settings' }).click()
  await expect(page.getByLabel("The shop's time zone (where each day begins)")).toBeVisible()
  await check('desk settings')
})

test('new order, an order, the customers and a customer pass axe', async ({ browser }) => {
  const admin = await account('admin')
  const customer = await account('customer')
  const order = await orderFor(customer.customerId)
  const page = await newPage(browser)
  const check = (name: string) => axe(page, name)
  await signIn(page, admin.email)

  await page.goto('/admin/orders/new')
  await expect(page.getByRole('heading', { name: 'New order' })).toBeVisible()
  await check('new order')
  await page.goto(`/admin/orders/${order.id}`)
  await expect(page.getByTestId('timeline')).toBeVisible()
  await check('order')
  await page.goto('/admin/customers')
  await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible()
  await screenshot(page, 'admin-customers')
  await check('customers')
  await page.goto(`/admin/customers/${customer.customerId}`)
  await expect(page.getByTestId(`customer-order-${order.number}`)).toBeVisible()
  await check('customer')
})

test('the tracker on a phone, one tracked order, not found and unsubscribe pass axe', async ({ browser }) => {
  const customer = await account('customer')
  const order = await orderFor(customer.customerId)
  const page = await newPage(browser)
  await page.goto('/no-such-page')
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
  await axe(page, 'not found')
  await page.goto('/unsubscribe')
  await axe(page, 'unsubscribe, no link')

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: page.url() })
  const mobile = await phone.newPage()
  await signIn(mobile, customer.email)
  await expect(mobile.getByTestId(`tracked-${order.number}`)).toBeVisible()
  await screenshot(mobile, 'tracker-phone')
  await axe(mobile, 'tracker')
  await mobile.goto(`/track/${order.number}`)
  await expect(mobile.getByTestId(`tracked-${order.number}`)).toBeVisible()
  await axe(mobile, 'tracker, one order')
})

test('the authenticator enrolment, with a wrong code announced, passes axe', async ({ browser }) => {
  const email = `${unique('enrol-admin')}@example.test`
  const { error } = await service().auth.admin.createUser({
    email,
    password: PASSWORD,
    email_confirm: true,
    app_metadata: { role: 'admin' },
  })
  expect(error).toBeNull()
  const page = await newPage(browser)
  await page.goto('/sign-in')
  await page.getByRole('tab', { name: 'Email me a code' }).click()
  await page.getByLabel('Email').fill(email)
  await page.getByRole('button', { name: 'Email me a code' }).click()
  await expect(page.getByRole('button', { name: /Send the code again/ })).toBeVisible()
  await axe(page, 'sign-in, code sent')

  await page.getByRole('tab', { name: 'Password' }).click()
  await passwordStep(page, email)
  await expect(page.getByTestId('totp-qr')).toBeVisible()
  await screenshot(page, 'authenticator-enrolment')
  await axe(page, 'enrolment')
  await page.getByLabel('6-digit code').fill('12345')
  await page.getByRole('button', { name: 'Turn on and continue' }).click()
  await expect(page.getByRole('alert')).toHaveText('Enter the 6-digit code from your authenticator app.')
  await axe(page, 'enrolment, wrong code')
})
