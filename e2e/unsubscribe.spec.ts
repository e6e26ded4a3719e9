// The "Turn off order emails" link in an order email: the app's page turns them off with one
// button and no sign-in; the tracker's switch shows it.
import { expect, test } from '@playwright/test'
import { account, baseUrl, newPage, orderFor, signIn, sql, waitForMail } from './support.ts'

test('the footer link of an order email turns order emails off in one click, without signing in', async ({
  browser,
}) => {
  const customer = await account('customer', 'Una Subscribe')
  const order = await orderFor(customer.customerId, 'Travel mug')
  const mail = await waitForMail(customer.email, new RegExp(`${order.number} received`))
  const link = mail.text!.match(/Turn off order emails: (\S+)/)![1]!
  const page = await newPage(browser)
  await page.goto(new URL(new URL(link).pathname + new URL(link).search, baseUrl()).toString())

  await expect(page.getByRole('heading', { name: 'Turn off order emails?' })).toBeVisible()
  await page.getByRole('button', { name: 'Turn off order emails' }).click()
  await expect(page.getByRole('heading', { name: 'Order emails are off' })).toBeVisible()
  await expect(page.getByText(/We will not email c•••@example\.test about orders/)).toBeVisible()
  const { rows } = await sql().query('select notify_email from customers where id = $1', [
    customer.customerId,
  ])
  expect(rows[0].notify_email).toBe(false)

  await signIn(page, customer.email)
  await expect(page.getByRole('switch', { name: 'Email me when an order changes' })).not.toBeChecked()
})

test('a tampered link says so and changes nothing', async ({ browser }) => {
  const customer = await account('customer', 'Tam Pered')
  const page = await newPage(browser)
  await page.goto(`/unsubscribe?token=${customer.customerId}.${'A'.repeat(43)}`)
  await page.getByRole('button', { name: 'Turn off order emails' }).click()
  await expect(page.getByRole('alert')).toHaveText('This unsubscribe link is not valid.')
  const { rows } = await sql().query('select notify_email from customers where id = $1', [
    customer.customerId,
  ])
  expect(rows[0].notify_email).toBe(true)
})
