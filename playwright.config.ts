// Playwright in a real Chromium against the real local stack and a production build of the
// app. `npm test` passes its stack as TEST_STACK and the browser as CHROMIUM_PATH (installing
// Debian's Chromium when it can: scripts/chromium.ts); alone, e2e/global-setup.ts starts a stack.
import { defineConfig } from '@playwright/test'
import { locateChromium } from './scripts/chromium.ts'

// `npm run screenshots` (SCREENSHOTS=1) runs only e2e/readme.shots.ts; `npm test` never does.
const projects = process.env.SCREENSHOTS
  ? [{ name: 'screenshots', testMatch: /readme\.shots\.ts$/ }]
  : [{ name: 'e2e', testMatch: /\.spec\.ts$/ }]

export default defineConfig({
  testDir: 'e2e',
  projects,
  outputDir: 'test-results/playwright',
  globalSetup: './e2e/global-setup.ts',
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? 'list' : [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: locateChromium(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
})
