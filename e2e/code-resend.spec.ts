// "Send the code again" on the sign-in page: while Supabase Auth asks to wait (its 429 "you
// can only request this after N seconds"), the page counts down; then a new code goes out.
import { expect, test } from '@playwright/test'
import { type SinkMessage, account, listMail, newPage, sql } from './support.ts'

async function codesSentTo(email: string): Promise<SinkMessage[]> {
  return listMail(email) // newest first
}

async function waitForCodes(email: string, count: number): Promise<string> {
  await expect.poll(async () => (await codesSentTo(email)).length, { timeout: 15_000 }).toBe(count)
  return (await codesSentTo(email))[0]!.text!.match(/\b(\d{6})\b/)![1]!
}

test('send the code again: the cooldown Auth asks for is counted down, then a new code signs in', async ({
  browser,
}) => {
  const customer = await account('customer', 'Resend Customer')
  const page = await newPage(browser)
  await page.goto('/sign-in')
  await page.getByRole('tab', { name: 'Email me a code' }).click()
  await page.getByLabel('Email').fill(customer.email)
  await page.getByRole('button', { name: 'Email me a code' }).click()
  const first = await waitForCodes(customer.email, 1)

  // This project's [auth.email] max_frequency is 1 s (hosted's default is 60 s): date the
  // last send a few seconds ahead, so Auth still asks for a wait as a hosted project would.
  await sql().query(
    `update auth.users set recovery_sent_at = now() + interval '3 seconds' where email = $1`,
    [customer.email],
  )
  const again = page.getByRole('button', { name: /Send the code again/ })
  await again.click()
  await expect(again).toBeDisabled()
  await expect(again).toHaveText(/Send the code again in [1-5] s/)
  await expect(page.getByRole('status')).toHaveText(/You can ask for another in [1-5] seconds\./)
  const from = Number((await again.innerText()).match(/in (\d+) s/)![1])
  if (from > 1) await expect(again).toHaveText(`Send the code again in ${from - 1} s`)
  expect((await codesSentTo(customer.email)).length).toBe(1) // nothing sent while waiting

  await expect(again).toBeEnabled({ timeout: 8_000 })
  await expect(again).toHaveText('Send the code again')
  await again.click()
  await expect(page.getByRole('status')).toHaveText(`We sent a new code to ${customer.email}.`)
  const second = await waitForCodes(customer.email, 2)
  expect(second).not.toBe(first)

  await page.getByLabel('Code').fill(second)
  await page.getByRole('button', { name: 'Sign in with the code' }).click()
  await expect(page).toHaveURL(/\/track$/)
})
