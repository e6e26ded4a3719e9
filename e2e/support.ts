// The browser journeys' helpers, on top of tests/support (the one test-support module Vitest
// shares): the stack, people and mail from there; here only what needs a page.
import { type Browser, type Page, expect } from '@playwright/test'
import { serviceClient, sql, stackEnv, unique } from '../tests/support/clients.ts'
import { listMail, waitForMail as waitForSinkMail, type SinkMessage } from '../tests/support/mail.ts'
import { PASSWORD, makeCustomer, makeUser } from '../tests/support/people.ts'
import { DEMO_ADMIN, nextTotpCode } from '../tests/support/totp.ts'

export { PASSWORD, listMail, sql, unique, type SinkMessage }
export const stack = stackEnv
export const service = serviceClient
export const baseUrl = () => process.env.E2E_BASE_URL!

/** Admins' TOTP secrets by email: signIn() types their code at the prompt. */
const totpSecrets = new Map([[DEMO_ADMIN.email, DEMO_ADMIN.totpSecret]])

/**
 * A sign-in account; customers also get a linked customer row, admins an authenticator app
 * (a TOTP factor enrolled and verified as at their first sign-in).
 */
export async function account(role: 'admin' | 'customer', name = 'Journey Customer') {
  if (role === 'customer') return makeCustomer('customer', name)
  const admin = await makeUser('admin')
  totpSecrets.set(admin.email, admin.totpSecret!)
  return { ...admin, customerId: '', name }
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto(`${baseUrl()}/sign-in`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  const secret = totpSecrets.get(email)
  if (secret) await enterTotpCode(page, secret)
  await expect(page).not.toHaveURL(/sign-in/)
}

/** At the authenticator-code prompt, types the current code of `secret` (tests/support/totp.ts). */
export async function enterTotpCode(page: Page, secret: string) {
  await page.getByLabel('6-digit code').fill(await nextTotpCode(secret))
  await page.getByRole('button', { name: /continue/i }).click()
}

export async function newPage(browser: Browser) {
  const context = await browser.newContext({ baseURL: baseUrl() })
  return context.newPage()
}

export async function orderFor(customerId: string, description = 'Journey mug') {
  const { rows } = await sql().query<{ id: string; number: string; version: number }>(
    `select id, number, version from create_order($1, $2::jsonb)`,
    [customerId, JSON.stringify([{ description, quantity: 1, unit_price_cents: 1250 }])],
  )
  return rows[0]!
}

/** The first mail to `to` whose subject matches (the browser's steps take longer: 15 s). */
export const waitForMail = (to: string, subject: RegExp) =>
  waitForSinkMail({ to, subject, timeoutMs: 15_000 })

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true })
}
