// The admin-second-factor flow (docs/architecture.md, Flows): an admin signs in with a
// password and a TOTP code; with the password alone they are held at the code prompt and
// reach no admin data, by URL or by API.
import { type Page, type Response, expect, test } from '@playwright/test'
import { nextTotpCode } from '../tests/support/totp.ts'
import { PASSWORD, account, enterTotpCode, newPage, orderFor, service, stack, unique } from './support.ts'

async function passwordStep(page: Page, email: string) {
  await page.goto('/sign-in')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

test('a new admin enrols an authenticator app, signs out, and signs in again with password + code', async ({
  browser,
}) => {
  const email = `${unique('new-admin')}@example.test`
  const created = await service().auth.admin.createUser({
    email,
    password: PASSWORD,
    email_confirm: true,
    app_metadata: { role: 'admin' },
  })
  expect(created.error).toBeNull()
  const page = await newPage(browser)

  await passwordStep(page, email)
  await expect(page).toHaveURL(/\/sign-in\/code/)
  await expect(page.getByRole('heading', { name: 'Protect your admin account' })).toBeVisible()
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible()
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '')
  expect(secret).toMatch(/^[A-Z2-7]{32}$/)

  // A wrong code is refused out loud, and the factor stays unverified.
  const code = await nextTotpCode(secret)
  const wrong = String((Number(code) + 500_000) % 1_000_000).padStart(6, '0')
  await page.getByLabel('6-digit code').fill(wrong)
  await page.getByRole('button', { name: 'Turn on and continue' }).click()
  await expect(page.getByRole('alert')).toContainText('did not match')
  await expect(page.getByLabel('6-digit code')).toHaveAttribute('aria-invalid', 'true')

  await page.getByLabel('6-digit code').fill(code)
  await page.getByRole('button', { name: 'Turn on and continue' }).click()
  await expect(page).toHaveURL(/\/admin$/)
  await expect(page.getByTestId('live-status')).toHaveText(/Live/)
  const { data } = await service().auth.admin.mfa.listFactors({ userId: created.data.user!.id })
  expect(data?.factors).toMatchObject([{ factor_type: 'totp', status: 'verified' }])

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/sign-in$/)
  await passwordStep(page, email)
  await expect(page.getByRole('heading', { name: 'Enter your authenticator code' })).toBeVisible()
  await expect(page.getByTestId('totp-qr')).toHaveCount(0) // no second enrolment
  await enterTotpCode(page, secret)
  await expect(page).toHaveURL(/\/admin$/)
  await expect(page.getByTestId('live-status')).toHaveText(/Live/)

  // Live with admin rights on this same page (no reload): Realtime got the aal2 token too.
  const customer = await account('customer', 'Live For New Admin')
  const order = await orderFor(customer.customerId, 'Fresh mug')
  await expect(page.getByTestId(`order-row-${order.number}`)).toBeVisible()
})

test('with the password alone an admin is held at the code prompt and reaches no admin data', async ({
  browser,
}) => {
  const admin = await account('admin')
  const customer = await account('customer', `Held Customer ${unique('')}`)
  const order = await orderFor(customer.customerId, 'Held mug')
  const page = await newPage(browser)
  const rest: Response[] = []
  page.on('response', (r) => {
    if (r.url().includes('/rest/v1/')) rest.push(r)
  })

  await passwordStep(page, admin.email)
  await expect(page).toHaveURL(/\/sign-in\/code/)
  for (const path of ['/admin', `/admin/orders/${order.id}`, '/admin/customers', '/admin/orders/new']) {
    await page.goto(path)
    await expect(page).toHaveURL(
      (url) => url.pathname === '/sign-in/code' && url.searchParams.get('next') === path,
    )
    await expect(page.getByRole('heading', { name: 'Enter your authenticator code' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Customers' })).toHaveCount(0)
    await expect(page.locator('body')).not.toContainText(order.number)
    await expect(page.locator('body')).not.toContainText(customer.name)
  }

  // Nothing the page fetched held admin data; and its own token, used directly on the API,
  // gets what a customer without orders gets: empty reads, refused writes.
  expect(rest.filter((r) => r.ok()).map((r) => r.url())).toEqual([])
  const { origins } = await page.context().storageState()
  const stored = origins.flatMap((o) => o.localStorage).find((e) => e.name.endsWith('-auth-token'))!
  const token = (JSON.parse(stored.value) as { access_token: string }).access_token
  const headers = {
    apikey: stack().anonKey,
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  }
  const call = async (path: string, body?: object) => {
    const init = body ? { method: 'POST', headers, body: JSON.stringify(body) } : { headers }
    const res = await fetch(`${stack().apiUrl}/rest/v1/${path}`, init)
    return { status: res.status, body: (await res.json()) as unknown }
  }
  const answers = [
    await call('orders?select=number'),
    await call('order_list?select=number'),
    await call('customers?select=name'),
    await call('notifications?select=id'),
    await call('rpc/create_order', {
      customer_id: customer.customerId,
      items: [{ description: 'Forged', quantity: 1, unit_price_cents: 1 }],
    }),
  ]
  const empty = { status: 200, body: [] }
  expect(answers).toEqual([empty, empty, empty, empty, expect.objectContaining({ status: 403 })])

  // Positive control: the code opens the page this session was held from.
  await page.goto(`/admin/orders/${order.id}`)
  await enterTotpCode(page, admin.totpSecret!)
  await expect(page).toHaveURL(new RegExp(`/admin/orders/${order.id}$`))
  await expect(page.getByRole('heading', { name: order.number })).toBeVisible()
  await expect(page.getByLabel('Item 1 description')).toHaveValue('Held mug')
  expect(rest.some((r) => r.ok() && r.url().includes('/rest/v1/orders'))).toBe(true)
})
