// `npm test`: makes sure a Chromium is there (installing Debian's when it can), type-checks and
// lints, then one throw-away stack on free ports for every suite (unit, integration, Deno,
// Playwright), then one closing line with the totals.
import { mkdir, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { startTestStack } from '../tests/support/stack-env.ts'
import { ensureChromium } from './chromium.ts'
import { denoTest } from './deno-test.ts'
import { ROOT, bin, run } from './run.ts'

interface Step {
  name: string
  code: number
  passed?: number
  failed?: number
}

const RESULTS = path.join(ROOT, 'test-results')
const steps: Step[] = []
const only = process.argv.slice(2)
const wanted = (name: string) => only.length === 0 || only.includes(name)

async function step(name: string, fn: () => Promise<number | Omit<Step, 'name'>>): Promise<void> {
  if (!wanted(name)) return
  console.log(`\n━━ ${name} ━━`)
  const started = Date.now()
  const out = await fn()
  const result = typeof out === 'number' ? { code: out } : out
  steps.push({ name, ...result })
  console.log(
    `━━ ${name}: ${result.code === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  )
}

async function readJson<T>(file: string): Promise<T | undefined> {
  return JSON.parse(await readFile(file, 'utf8').catch(() => 'null')) ?? undefined
}

async function vitest(env: NodeJS.ProcessEnv): Promise<Omit<Step, 'name'>> {
  const file = path.join(RESULTS, 'vitest.json')
  const code = await run(
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile=${file}`],
    env,
  )
  const r = await readJson<{ numPassedTests: number; numFailedTests: number }>(file)
  return { code, passed: r?.numPassedTests, failed: r?.numFailedTests }
}

async function playwright(env: NodeJS.ProcessEnv): Promise<Omit<Step, 'name'>> {
  const file = path.join(RESULTS, 'playwright.json')
  const code = await run(bin('playwright'), ['test', '--reporter=list,json'], {
    ...env,
    PLAYWRIGHT_JSON_OUTPUT_NAME: file,
  })
  const r = await readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>(file)
  return { code, passed: r ? r.stats.expected + r.stats.flaky : undefined, failed: r?.stats.unexpected }
}

// The browser comes first: a machine that cannot run the browser tests hears so before anything runs.
const browser = wanted('playwright') ? await ensureChromium() : { path: '' }
if ('problem' in browser) {
  console.error(browser.problem)
  process.exit(1)
}

await rm(RESULTS, { recursive: true, force: true })
await mkdir(RESULTS, { recursive: true })
await step('typecheck', () => run(bin('vue-tsc'), ['-b']))
await step('lint', () => run('npm', ['run', '--silent', 'lint']))

const needsStack = ['vitest', 'deno', 'playwright'].some(wanted)
const stack = needsStack ? await startTestStack() : undefined
const env = stack ? { TEST_STACK: JSON.stringify(stack.env) } : {}
try {
  await step('vitest', () => vitest(env))
  await step('deno', () => denoTest())
  await step('playwright', () => playwright({ ...env, CHROMIUM_PATH: browser.path }))
} finally {
  await stack?.stop()
}

console.log('\n━━ summary ━━')
for (const s of steps) {
  const counts = s.passed !== undefined ? ` (${s.passed} passed, ${s.failed ?? 0} failed)` : ''
  console.log(`  ${s.code === 0 ? 'ok    ' : 'FAILED'} ${s.name}${counts}`)
}
const passed = steps.reduce((n, s) => n + (s.passed ?? (s.code === 0 ? 1 : 0)), 0)
const failed = steps.reduce((n, s) => n + (s.failed ?? 0) + (s.code !== 0 && !s.failed ? 1 : 0), 0)
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(steps.some((s) => s.code !== 0) ? 1 : 0)
