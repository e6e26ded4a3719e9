// The built app must carry no secret: not the service-role key, not the JWT secret.
import { readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { measureRoutes } from '../bench/bundle.ts'
import { E2E_DIST } from './global-setup.ts'
import { stack } from './support.ts'

test('the production bundle holds the anon key only, never the service-role key or the JWT secret', async () => {
  const files = (await readdir(E2E_DIST, { recursive: true })).filter((f) => /\.(js|html|css|map)$/.test(f))
  expect(files.length).toBeGreaterThan(3)
  const text = (await Promise.all(files.map((f) => readFile(path.join(E2E_DIST, f), 'utf8')))).join('\n')
  expect(text).toContain(stack().anonKey)
  expect(text).not.toContain(stack().serviceRoleKey)
  expect(text).not.toContain(stack().jwtSecret)
  expect(text).not.toContain('SUPABASE_SERVICE_ROLE_KEY')
  expect(text).not.toMatch(/re_local_mail_sink_key|local-dev-webhook-secret/)
})

test('the tracker loads at most 120 kB of gzipped JS first (customers are often on phones)', async () => {
  const routes = await measureRoutes(E2E_DIST)
  const tracker = routes.find((r) => r.route === 'TrackerView')
  expect(tracker).toBeDefined()
  expect(tracker!.jsGzip / 1024).toBeLessThanOrEqual(120)
})

test('the dashboard, chart included, loads at most 160 kB of gzipped JS first', async () => {
  const routes = await measureRoutes(E2E_DIST)
  const dashboard = routes.find((r) => r.route === 'DashboardView')
  expect(dashboard).toBeDefined()
  expect(dashboard!.jsGzip / 1024).toBeLessThanOrEqual(160)
})
