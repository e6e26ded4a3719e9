// Issue 19 in a browser: the admin's morning (counts, filter, select all, bulk move, the
// per-order answer, a second admin's counts live, the customers' trackers, one email per
// order, the CSV of the filtered list), the chart's text alternative, a customer's page.
import { readFile } from 'node:fs/promises'
import { type Page, expect, test } from '@playwright/test'
import {
  account,
  listMail,
  newPage,
  orderFor,
  screenshot,
  signIn,
  sql,
  unique,
  waitForMail,
} from './support.ts'

const count = (page: Page, status: string) => page.getByTestId(`count-${status}`).getByTestId('count')

test('the morning: counts, click pending, select all, move to confirmed, per-order result, live everywhere, one email each, CSV', async ({
  browser,
}) => {
  const tag = unique('Morning')
  const [ann, ben, cas] = await Promise.all(
    ['Ann', 'Ben', 'Cas'].map((n) => account('customer', `${tag} ${n}`)),
  )
  const orders = [
    { who: ann!, ...(await orderFor(ann!.customerId, 'Green tea')) },
    { who: ann!, ...(await orderFor(ann!.customerId, 'Teapot')) },
    { who: ben!, ...(await orderFor(ben!.customerId, 'Cups')) },
    { who: cas!, ...(await orderFor(cas!.customerId, 'Kettle')) },
  ]
  const [admin, colleague] = await Promise.all([account('admin'), account('admin')])

  // A second admin watches Ann's counts; Ann watches her tracker.
  const other = await newPage(browser)
  await signIn(other, colleague.email)
  await other.goto(`/admin?customer=${ann!.customerId}`)
  await expect(other.getByTestId('customer-filter')).toContainText(`${tag} Ann`)
  await expect(other.getByTestId('live-status')).toHaveText(/Live/)
  await expect(count(other, 'pending')).toHaveText('2')
  await expect(count(other, 'confirmed')).toHaveText('0')
  const tracker = await newPage(browser)
  await signIn(tracker, ann!.email)
  await expect(tracker.getByTestId(`tracked-${orders[0]!.number}`)).toContainText('Pending')

  // The admin reads the counts (the database's, not the page's), then filters by clicking.
  const desk = await newPage(browser)
  await signIn(desk, admin.email)
  await expect(desk.getByTestId('live-status')).toHaveText(/Live/)
  await expect.poll(async () => Number(await count(desk, 'pending').textContent())).toBeGreaterThanOrEqual(4)
  await desk.getByRole('searchbox', { name: 'Search orders' }).fill(tag)
  await desk.getByTestId('count-pending').click()
  await expect(desk.getByTestId('count-pending')).toHaveAttribute('aria-pressed', 'true')
  await expect(desk.getByTestId('orders-count')).toHaveText('4 orders')
  await expect(desk.getByLabel('Filter by status')).toHaveValue('pending')

  await desk.getByLabel('Select all orders on this page').check()
  await expect(desk.getByTestId('bulk-bar')).toContainText('4 selected')
  await desk.getByLabel('Move to').selectOption({ label: 'Confirmed' })
  await desk.getByRole('button', { name: 'Move 4 orders' }).click()
  const answer = desk.getByTestId('move-results')
  await expect(answer.getByRole('status')).toHaveText('Bulk move: 4 moved')
  for (const o of orders) {
    await expect(desk.getByTestId(`move-result-${o.number}`)).toContainText(`Moved`)
    await expect(desk.getByTestId(`move-result-${o.number}`)).toContainText(
      `Order ${o.number} is confirmed now.`,
    )
  }
  await expect(desk.getByTestId('orders-count')).toHaveText('0 orders')
  await screenshot(desk, 'dashboard-bulk-moved')

  // Live: the colleague's counts, Ann's tracker.
  await expect(count(other, 'pending')).toHaveText('0')
  await expect(count(other, 'confirmed')).toHaveText('2')
  await expect(tracker.getByTestId(`tracked-${orders[0]!.number}`)).toContainText('Confirmed')
  await expect(tracker.getByTestId(`tracked-${orders[1]!.number}`)).toContainText('Confirmed')

  // One email per moved order.
  for (const o of orders) await waitForMail(o.who.email, new RegExp(`${o.number} is now confirmed`))
  for (const c of [ann!, ben!, cas!]) {
    const mine = orders.filter((o) => o.who === c).map((o) => `Order ${o.number} is now confirmed`)
    const got = (await listMail(c.email))
      .filter((m) => m.subject.endsWith(' is now confirmed'))
      .map((m) => m.subject)
    expect(got.toSorted()).toEqual(mine.toSorted())
  }

  // The CSV of what the filter shows now: the four, confirmed.
  await desk.getByTestId('count-confirmed').click()
  await expect(desk.getByTestId('orders-count')).toHaveText('4 orders')
  const download = desk.waitForEvent('download')
  await desk.getByRole('button', { name: 'Export CSV' }).click()
  const file = await (await download).path()
  const lines = (await readFile(file, 'utf8'))
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/)
  expect(lines[0]).toBe(
    'Number,Customer name,Customer email,Status,Total,Currency,Created (UTC),Updated (UTC),Carrier,Tracking number,ETA',
  )
  expect(
    lines
      .slice(1)
      .map((l) => l.split(',')[0])
      .toSorted(),
  ).toEqual(orders.map((o) => o.number).toSorted())
  expect(lines.slice(1).every((l) => l.includes(',confirmed,'))).toBe(true)
})

test('the chart of the last 14 days has a text alternative: a sentence and a table', async ({ browser }) => {
  const customer = await account('customer', unique('Chart'))
  await orderFor(customer.customerId)
  const admin = await account('admin')
  const page = await newPage(browser)
  await signIn(page, admin.email)
  const chart = page.getByRole('img', { name: /^Bar chart: \d+ orders? placed from/ })
  await expect(chart).toBeVisible()
  await expect(chart.locator('canvas')).toHaveCount(1)
  await expect(page.getByTestId('chart-summary')).toHaveText(/orders? placed from .* most on/)
  await page.getByText('Show the numbers as a table').click()
  const table = page.getByTestId('chart-table')
  await expect(table.locator('tbody tr')).toHaveCount(14)
  await expect(table.getByRole('columnheader', { name: 'Pending' })).toBeVisible()
  // Today is the last row; it holds at least the order placed above.
  const today = table.locator('tbody tr').last().locator('td').last()
  expect(Number(await today.textContent())).toBeGreaterThanOrEqual(1)
  await screenshot(page, 'dashboard-header')
})

test('the admin opens a customer from the list: details, sign-in state, live orders newest first, count and spend', async ({
  browser,
}) => {
  const name = unique('Page Customer')
  const customer = await account('customer', name)
  const first = await orderFor(customer.customerId, 'First')
  const second = await orderFor(customer.customerId, 'Second')
  const admin = await account('admin')
  const page = await newPage(browser)
  await signIn(page, admin.email)
  await page.getByRole('link', { name: 'Customers', exact: true }).click()
  await page.getByLabel('Search customers').fill(name)
  await page.getByRole('link', { name }).click()

  await expect(page).toHaveURL(new RegExp(`/admin/customers/${customer.customerId}$`))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name)
  await expect(page.getByText(customer.email)).toBeVisible()
  await expect(page.getByTestId('sign-in-state')).toContainText('Has an account')
  await expect(page.getByTestId('order-count')).toHaveText('2 (2 open)')
  await expect(page.getByTestId('lifetime-spend')).toContainText('$25.00')
  await expect(page.getByTestId('live-status')).toHaveText(/Live/)
  const rows = page.locator('[data-testid^="customer-order-"]')
  await expect(rows).toHaveCount(2)
  await expect(rows.first()).toHaveAttribute('data-testid', `customer-order-${second.number}`)
  await expect(rows.last()).toHaveAttribute('data-testid', `customer-order-${first.number}`)

  const third = await orderFor(customer.customerId, 'Third')
  await expect(rows.first()).toHaveAttribute('data-testid', `customer-order-${third.number}`)
  await expect(page.getByTestId('order-count')).toHaveText('3 (3 open)')
  await expect(page.getByTestId('lifetime-spend')).toContainText('$37.50')
  await screenshot(page, 'admin-customer')

  await page.getByRole('link', { name: 'Show on the dashboard' }).click()
  await expect(page.getByTestId('customer-filter')).toContainText(name)
  await expect(count(page, 'pending')).toHaveText('3')
  await expect(page.getByTestId('orders-count')).toHaveText('3 orders')

  // A mistyped address says so in words.
  await page.goto('/admin/customers/not-a-customer')
  await expect(page.getByText('There is no such customer.')).toBeVisible()
})

test('needs attention: a new pending threshold lists an order at once, a failed email arrives live', async ({
  browser,
}) => {
  const customer = await account('customer', unique('Waiting'))
  const order = await orderFor(customer.customerId)
  // Placed 3 hours ago (replica mode: the order's triggers keep created_at as it was).
  const replica = async (text: string, values: unknown[]) => {
    const db = await sql().connect()
    try {
      await db.query('begin')
      await db.query('set local session_replication_role = replica')
      const { rows } = await db.query(text, values)
      await db.query('commit')
      return rows
    } finally {
      db.release()
    }
  }
  await replica(`update orders set created_at = now() - interval '3 hours' where id = $1`, [order.id])
  const admin = await account('admin')
  const page = await newPage(browser)
  await signIn(page, admin.email)
  // The desk narrowed to this customer: what it lists depends on no other test.
  await page.goto(`/admin?customer=${customer.customerId}`)
  await expect(page.getByTestId('live-status')).toHaveText(/Live/)
  const attention = page.getByTestId('attention')
  const item = (reason: string) =>
    attention.locator('li', { hasText: order.number }).filter({ hasText: reason })
  try {
    await expect(attention).toContainText('0 pending longer than 1 day')
    await expect(attention).toContainText('Nothing needs attention.')

    await page.getByRole('button', { name: 'Desk settings' }).click()
    const minutes = page.getByLabel('A pending order needs attention after (minutes)')
    await minutes.fill('2')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect(page.getByRole('dialog').getByRole('alert')).toHaveText(
      'Choose between 5 minutes and 30 days (43,200 minutes).',
    )
    await minutes.fill('120')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect(page.getByRole('dialog')).toBeHidden()
    await expect(attention).toContainText('1 pending longer than 2 hours')
    await expect(item('Pending too long')).toBeVisible()

    // The customer's email fails (the outbox row as order-notify writes it after its retries).
    const [event] = await replica(
      `insert into order_events (order_id, kind) values ($1, 'created') returning id`,
      [order.id],
    )
    await sql().query(
      `insert into notifications (event_id, order_id, recipient, status, attempts, last_error)
       values ($1, $2, $3, 'failed', 4, 'mailbox unavailable')`,
      [event.id, order.id, customer.email],
    )
    await expect(attention).toContainText('1 with a failed email')
    await expect(item('Email failed')).toBeVisible()
    await screenshot(page, 'dashboard-attention')
  } finally {
    await sql().query('update desk_settings set pending_alert_minutes = 1440')
  }
})
