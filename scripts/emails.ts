// `npm run emails`: compiles the MJML templates (the module order-notify imports), then renders
// every kind of order email to emails-preview/ (HTML + text, and an index page) with the shop
// branding of supabase/config.toml (SHOP_* in the environment win). `-- --screenshots` also
// takes PNGs of each in Chromium: desktop, phone, and dark mode.
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { loadConfig } from '../stack/shared/config.ts'
import { signUnsubscribeToken } from '../supabase/functions/_shared/unsubscribe-token.ts'
import { brandFrom } from '../supabase/functions/order-notify/brand.ts'
import { escapeHtml, renderOrderEmail } from '../supabase/functions/order-notify/render.ts'
import { LIFECYCLE, type OrderStatus } from '../supabase/functions/_shared/order-status.ts'
import { type OrderForEmail, trackerUrl } from '../supabase/functions/order-notify/view.ts'
import { writeAll } from './email-templates.ts'
import { ROOT } from './run.ts'

export const PREVIEW_DIR = path.join(ROOT, 'emails-preview')
const KINDS: OrderStatus[] = [...LIFECYCLE, 'cancelled']

export const SAMPLE_ORDER: OrderForEmail = {
  number: 'ORD-000042',
  status: 'shipped',
  currency: 'EUR',
  total_cents: 7099,
  carrier: 'DHL Express',
  tracking_number: 'JD014600006281543',
  estimated_delivery: '2026-12-03',
  customer: { name: 'Alice Andersen', email: 'alice@example.com' },
  items: [
    { description: 'Espresso beans, 1 kg', quantity: 2, unit_price_cents: 2450, line_total_cents: 4900 },
    { description: 'Ceramic pour-over dripper', quantity: 1, unit_price_cents: 1800, line_total_cents: 1800 },
    { description: 'Paper filters (100)', quantity: 1, unit_price_cents: 399, line_total_cents: 399 },
  ],
}

/** What the functions would see: config.toml's `[edge_runtime.secrets]`, the environment over it. */
function functionSecrets(): Record<string, string> {
  return { ...loadConfig().functionSecrets, ...process.env } as Record<string, string>
}

/** Every kind of order email as the local stack would send it to the sample customer. */
export async function renderAll() {
  const env = functionSecrets()
  const brand = brandFrom((name) => env[name])
  const appUrl = env.APP_URL ?? 'http://127.0.0.1:3000'
  const token = encodeURIComponent(
    await signUnsubscribeToken(env.UNSUBSCRIBE_SECRET!, 'c0000000-0000-4000-8000-000000000001'),
  )
  const links = {
    tracker: trackerUrl(appUrl, SAMPLE_ORDER.number),
    unsubscribe: `${appUrl}/unsubscribe?token=${token}`,
    preferences: `${appUrl}/track`,
    oneClickUnsubscribe: `http://127.0.0.1:54321/functions/v1/unsubscribe?token=${token}`,
  }
  return KINDS.map((status) => {
    const event =
      status === 'pending'
        ? ({ kind: 'created', to_status: null } as const)
        : ({ kind: 'status_changed', to_status: status } as const)
    const handedOver = LIFECYCLE.indexOf(status) >= LIFECYCLE.indexOf('shipped')
    const order = handedOver
      ? { ...SAMPLE_ORDER, status }
      : { ...SAMPLE_ORDER, status, carrier: null, tracking_number: null }
    return { kind: status, ...renderOrderEmail(order, event, brand, links) }
  })
}

async function screenshots(files: string[]) {
  const { chromium } = await import('@playwright/test')
  const { ensureChromium } = await import('./chromium.ts')
  const found = await ensureChromium()
  if ('problem' in found) throw new Error(found.problem)
  const browser = await chromium.launch({
    executablePath: found.path,
    args: ['--no-sandbox', '--disable-gpu'],
  })
  const shots: [string, { width: number; height: number }, 'light' | 'dark'][] = [
    ['', { width: 720, height: 900 }, 'light'],
    ['-phone', { width: 390, height: 844 }, 'light'],
    ['-dark', { width: 720, height: 900 }, 'dark'],
  ]
  try {
    for (const [suffix, viewport, colorScheme] of shots) {
      const page = await browser.newPage({
        viewport,
        colorScheme,
        deviceScaleFactor: suffix === '-phone' ? 2 : 1,
      })
      for (const file of files) {
        await page.goto(`file://${file}`)
        await page.screenshot({ path: file.replace(/\.html$/, `${suffix}.png`), fullPage: true })
      }
      await page.close()
    }
  } finally {
    await browser.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const changed = await writeAll()
  console.log(changed.length ? `compiled ${changed.join(', ')}` : 'compiled templates are up to date')
  await rm(PREVIEW_DIR, { recursive: true, force: true })
  await mkdir(PREVIEW_DIR, { recursive: true })
  const emails = await renderAll()
  const files: string[] = []
  for (const e of emails) {
    const file = path.join(PREVIEW_DIR, `${e.kind}.html`)
    await writeFile(file, e.html)
    await writeFile(
      file.replace(/\.html$/, '.txt'),
      `Subject: ${e.subject}\n${Object.entries(e.headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n')}\n\n${e.text}`,
    )
    files.push(file)
  }
  const list = emails.map(
    (e) =>
      `<li><a href="${e.kind}.html">${escapeHtml(e.subject)}</a> · <a href="${e.kind}.txt">text</a></li>`,
  )
  await writeFile(
    path.join(PREVIEW_DIR, 'index.html'),
    `<!doctype html><meta charset="utf-8"><title>Order emails</title><h1>Order emails</h1><ul>${list.join('')}</ul>`,
  )
  if (process.argv.includes('--screenshots')) await screenshots(files)
  console.log(`${emails.length} emails in ${path.relative(ROOT, PREVIEW_DIR)}/ (open index.html)`)
}
