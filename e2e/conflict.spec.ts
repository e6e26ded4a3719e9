// The conflict flow (docs/architecture.md, Flows): two admins edit the same order; the second
// save is refused with what changed, the edit is not lost, and reloading shows the other
// admin's change.
import { expect, test } from '@playwright/test'
import { account, newPage, orderFor, screenshot, signIn } from './support.ts'

test('a save based on a stale version is refused with a clear message and a reload', async ({ browser }) => {
  const admin = await account('admin')
  const other = await account('admin')
  const customer = await account('customer')
  const order = await orderFor(customer.customerId)

  const first = await newPage(browser)
  await signIn(first, admin.email)
  await first.goto(`/admin/orders/${order.id}`)
  const second = await newPage(browser)
  await signIn(second, other.email)
  await second.goto(`/admin/orders/${order.id}`)
  await expect(second.getByLabel('Carrier')).toBeVisible()

  await second.getByLabel('Notes').fill('Leave at the back door')
  await first.getByLabel('Carrier').fill('DHL')
  await first.getByRole('button', { name: 'Save details' }).click()
  await expect(first.getByText('Details saved.')).toBeVisible()

  await second.getByRole('button', { name: 'Save details' }).click()
  const conflict = second.getByTestId('conflict')
  await expect(conflict).toContainText('Someone else changed this order')
  await expect(conflict).toContainText('carrier')
  await expect(second.getByLabel('Notes')).toHaveValue('Leave at the back door') // nothing lost
  await screenshot(second, 'admin-conflict')

  await conflict.getByRole('button', { name: /Reload/ }).click()
  await expect(second.getByLabel('Carrier')).toHaveValue('DHL')
  await second.getByLabel('Notes').fill('Leave at the back door')
  await second.getByRole('button', { name: 'Save details' }).click()
  await expect(second.getByText('Details saved.')).toBeVisible()
})
