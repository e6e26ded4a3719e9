// Shared helpers for the journeys: the stack, accounts, sign-in, mail, screenshots.
import { type Browser, type Page, expect } from '@playwright/test'
import { createClient } from '@supabase/supabase-js'
import pg from 'pg'
import WebSocket from 'ws'
import type { StackEnv } from '../tests/support/stack-env.ts'
import { DEMO_ADMIN, enrolTotp, nextTotpCode } from '../tests/support/totp.ts'

export const stack = (): StackEnv => JSON.parse(process.env.TEST_STACK!) as StackEnv
export const baseUrl = () => process.env.E2E_BASE_URL!

function nodeClient(key: string) {
  return createClient(stack().apiUrl, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  })
}
export const service = () => nodeClient(stack().serviceRoleKey)

/** Admins' TOTP secrets by email: signIn() types their code at the prompt. */
const totpSecrets = new Map([[DEMO_ADMIN.email, DEMO_ADMIN.totpSecret]])

let pool: pg.Pool | undefined
export const sql = () => (pool ??= new pg.Pool({ connectionString: stack().databaseUrl, max: 2 }))

export const uniq = (p: string) => `${p}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`
export const PASSWORD = 'journey-password'

/**
 * A sign-in account; customers also get a linked customer row, admins an authenticator app
 * (a TOTP factor enrolled and verified as at their first sign-in).
 */
export async function account(role: 'admin' | 'customer', name = 'Journey Customer') {
  const email = `${uniq(role)}@example.test`
  const { data, error } = await service().auth.admin.createUser({
    email,
    password: PASSWORD,
    email_confirm: true,
    app_metadata: role === 'admin' ? { role: 'admin' } : {},
  })
  if (error) throw error
  let totpSecret: string | undefined
  if (role === 'admin') {
    const admin = nodeClient(stack().anonKey)
    await admin.auth.signInWithPassword({ email, password: PASSWORD })
    totpSecret = await enrolTotp(admin)
    totpSecrets.set(email, totpSecret)
  }
  let customerId = ''
  if (role === 'customer') {
    const { rows } = await sql().query<{ id: string }>(
      'insert into customers (name, email, user_id) values ($1, $2, $3) returning id',
      [name, email, data.user.id],
    )
    customerId = rows[0]!.id
  }
  return { email, userId: data.user.id, customerId, name, totpSecret }
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

export interface Mail {
  to: string[]
  subject: string
  text: string | null
  html: string | null
  created_at: string
}

export async function waitForMail(to: string, subject: RegExp): Promise<Mail> {
  const deadline = Date.now() + 15_000
  for (;;) {
    const res = await fetch(`${stack().mailUrl}/api/messages?to=${encodeURIComponent(to)}`)
    const { messages } = (await res.json()) as { messages: Mail[] }
    const found = messages.find((m) => subject.test(m.subject))
    if (found) return found
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true })
}
