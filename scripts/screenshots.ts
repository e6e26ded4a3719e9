// `npm run screenshots`: refreshes the README's pictures in docs/screenshots/ from a fresh,
// seeded stack (e2e/readme.shots.ts), in the same Chromium `npm test` uses.
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { ensureChromium } from './chromium.ts'
import { ROOT, bin, run } from './run.ts'

const browser = await ensureChromium()
if ('problem' in browser) {
  console.error(browser.problem)
  process.exit(1)
}
await mkdir(path.join(ROOT, 'docs/screenshots'), { recursive: true })
// A stack of its own (TEST_STACK emptied): the seed's demo desk, untouched by other tests.
const code = await run(bin('playwright'), ['test', '--project=screenshots', '--reporter=list'], {
  TEST_STACK: '',
  CHROMIUM_PATH: browser.path,
  SCREENSHOTS: '1',
})
if (code === 0)
  console.log('docs/screenshots/ refreshed: admin-dashboard, customer-page, order-page, tracker-phone, email')
process.exit(code)
