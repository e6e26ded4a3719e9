// The live-desk, shipping-email and customer sign-in flows (docs/architecture.md, Flows) in
// two browser contexts: an admin and a customer.
import { expect, test } from '@playwright/test'
import {
  account,
  baseUrl,
  newPage,
  orderFor,
  screenshot,
  signIn,
  sql,
  unique,
  waitForMail,
} from './support.ts'

test('an admin adds a customer and an order: every dashboard and the tracker show it live', async ({
  browser,
}) => {
  const admin = await account('admin')
  const customer = await account('customer', 'Live Customer')

  const desk = await newPage(browser)
  await signIn(desk, admin.email)
  await expect(desk.getByRole('heading', { name: 'Orders', exact: true })).toBeVisible()
  const otherDesk = await desk.context().newPage()
  await otherDesk.goto('/admin')
  await expect(otherDesk.getByTestId('live-status')).toHaveText(/Live/)

  const tracker = await newPage(browser)
  await signIn(tracker, customer.email)
  await expect(tracker).toHaveURL(/\/track$/)
  await expect(tracker.getByTestId('live-status')).toHaveText(/Live/)
  await expect(tracker.getByText('You have no orders yet.')).toBeVisible()

  // A brand-new customer, then an order for the customer who is watching.
  await desk.getByRole('link', { name: 'New order' }).click()
  await desk.getByLabel('New customer').check()
  await desk.getByLabel('Name').fill('Nina New')
  await desk.getByLabel('Email').fill('not-an-email')
  await desk.getByRole('button', { name: 'Create order' }).click()
  await expect(desk.getByText('Enter an email address like name@example.com.')).toBeVisible()
  await expect(desk.getByText('Describe the item.')).toBeVisible()
  await desk.getByLabel('Email').fill(`${unique('nina')}@example.test`)
  await desk.getByLabel('Item 1 description').fill('Tea sampler')
  await desk.getByLabel('Item 1 unit price').fill('19.90')
  await desk.getByRole('button', { name: 'Create order' }).click()
  await expect(desk).toHaveURL(/\/admin\/orders\//)
  await expect(otherDesk.getByText('Nina New')).toBeVisible()

  await desk.goto('/admin/orders/new')
  await desk
    .getByLabel('Customer', { exact: true })
    .selectOption({ label: `${customer.name} (${customer.email})` })
  await desk.getByLabel('Item 1 description').fill('Espresso cups')
  await desk.getByLabel('Item 1 quantity').fill('4')
  await desk.getByLabel('Item 1 unit price').fill('7.50')
  await expect(desk.getByTestId('items-total')).toHaveText('$30.00')
  await desk.getByRole('button', { name: 'Create order' }).click()
  await expect(desk.getByRole('heading', { level: 1 })).toHaveText(/^ORD-\d{6}$/)
  const number = (await desk.getByRole('heading', { level: 1 }).textContent())!.trim()
  expect(number).toMatch(/^ORD-\d{6}$/)

  const row = otherDesk.getByTestId(`order-row-${number}`)
  await expect(row).toBeVisible()
  await expect(row).toHaveClass(/row-highlight/)
  await expect(tracker.getByTestId(`tracked-${number}`)).toContainText('Espresso cups')
  await screenshot(otherDesk, 'admin-dashboard')
  await screenshot(tracker, 'customer-tracker')
})

test('an admin ships an order: timeline, live tracker, one email with a working link, outbox sent', async ({
  browser,
}) => {
  const admin = await account('admin')
  const customer = await account('customer', 'Shipping Customer')
  const order = await orderFor(customer.customerId, 'Pour-over kettle')

  const tracker = await newPage(browser)
  await signIn(tracker, customer.email)
  const card = tracker.getByTestId(`tracked-${order.number}`)
  await expect(card).toContainText('Pending')

  const desk = await newPage(browser)
  await signIn(desk, admin.email)
  await desk.goto(`/admin/orders/${order.id}`)
  await expect(desk.getByTestId('live-status')).toHaveText(/Live/)
  for (const step of ['confirmed', 'processing', 'shipped']) {
    await desk.getByRole('button', { name: `Mark ${step}` }).click()
    await expect(desk.getByText(`${order.number} is now ${step}.`, { exact: true })).toBeVisible()
    await expect(card.locator('.badge').first()).toContainText(
      step === 'processing' ? 'Processing' : step[0]!.toUpperCase() + step.slice(1),
    )
  }
  await expect(desk.getByTestId('timeline')).toContainText('Processing → Shipped')
  await expect(card).toContainText('Shipped')

  const mail = await waitForMail(customer.email, new RegExp(`${order.number} is now shipped`))
  expect(mail.text).toContain('Pour-over kettle')
  const link = mail.text!.match(/https?:\/\/\S+\/track\/ORD-\d+/)![0]
  await tracker.goto(new URL(new URL(link).pathname, baseUrl()).toString())
  await expect(tracker.getByRole('heading', { name: `Order ${order.number}` })).toBeVisible()
  await expect(tracker.getByTestId('timeline')).toContainText('Processing → Shipped')

  await expect(desk.getByTestId('email-log')).toContainText(`Order ${order.number} is now shipped`)
  await expect(desk.getByTestId('email-log').locator('li').first()).toContainText('sent')
  await screenshot(desk, 'admin-order')
})

test('a customer signs in with an emailed code and sees only their own orders', async ({ browser }) => {
  const customer = await account('customer', 'Code Customer')
  const other = await account('customer', 'Other Customer')
  const mine = await orderFor(customer.customerId, 'My grinder')
  const theirs = await orderFor(other.customerId, 'Their grinder')

  const page = await newPage(browser)
  await page.goto('/sign-in')
  await page.getByRole('tab', { name: 'Email me a code' }).click()
  await page.getByLabel('Email').fill(customer.email)
  await page.getByRole('button', { name: 'Email me a code' }).click()
  const mail = await waitForMail(customer.email, /Magic Link|code/i)
  const code = mail.text!.match(/\b(\d{6})\b/)![1]!
  await page.getByLabel('Code').fill(code)
  await page.getByRole('button', { name: 'Sign in with the code' }).click()
  await expect(page).toHaveURL(/\/track$/)
  await expect(page.getByTestId(`tracked-${mine.number}`)).toContainText('My grinder')
  await expect(page.getByText('Their grinder')).toHaveCount(0)

  // Their own contact details, but not the email the shop writes to.
  await page.getByText('Your contact details').click()
  await expect(page.getByLabel('Email', { exact: true })).toHaveAttribute('readonly', '')
  await page.getByLabel('Phone').fill('+44 20 7946 0000')
  await page.getByRole('button', { name: 'Save my details' }).click()
  await expect(page.getByText('Your details are saved.')).toBeVisible()
  const { rows } = await sql().query('select phone from customers where id = $1', [customer.customerId])
  expect(rows[0].phone).toBe('+44 20 7946 0000')

  // Not by URL either: another customer's order, and the admin pages.
  await page.goto(`/track/${theirs.number}`)
  await expect(page.getByText('There is no order with this number in your account.')).toBeVisible()
  await page.goto('/admin')
  await expect(page).toHaveURL(/\/track$/)
  await expect(page.getByText('That page is for the shop’s staff.')).toBeVisible()
  await page.goto(`/admin/orders/${theirs.id}`)
  await expect(page).toHaveURL(/\/track$/)

  await page.reload()
  await expect(page.getByTestId(`tracked-${mine.number}`)).toBeVisible() // the session survives a reload
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/sign-in/)
  await page.goto('/track')
  await expect(page).toHaveURL(/sign-in/)
})
