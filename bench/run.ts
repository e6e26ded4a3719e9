// `npm run bench`: starts its own throw-away stack, runs every benchmark with its baseline,
// prints the figures as they come and writes docs/benchmarks.md.
import { parseArgs } from 'node:util'
import path from 'node:path'
import { rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Section } from './stats.ts'
import { describeMachine } from './machine.ts'
import { printSection, writeReport } from './report.ts'
import { startStackProcess, type StackProcess } from './server.ts'
import { benchStartup } from './startup.ts'
import { benchBundle } from './bundle.ts'
import { buildApp } from './build.ts'
import { benchRest } from './rest.ts'
import { benchRealtime } from './realtime.ts'
import { benchInbox } from './inbox.ts'
import { benchDesk } from './desk.ts'
import { benchBulk } from './bulk.ts'

const HELP = `npm run bench -- [options]

  --customers a,b   connected customers per realtime run (default 1000,10000)
  --dashboards N    admin dashboards connected with them (default 10)
  --rates a,b       admin changes per second (default 100,500)
  --seconds N       seconds per realtime rate (default 30)
  --old-customers N customers on the old postgres_changes subscription (default 1000)
  --old-rate N      changes per second for it (default 100)
  --changes N     status changes for update-to-inbox (default 200)
  --runs N        stack start-ups per kind, and REST runs (default 5)
  --rest-seconds N  seconds per REST run (default 3)
  --concurrency N   concurrent REST clients (default 10)
  --desk-loads N  dashboard first loads to time (default 100)
  --bulk-runs N   bulk moves of 50 orders per way (default 5)
  --only a,b      run only these: startup, rest, realtime, inbox, desk, bulk, bundle
  --out FILE      report file (default docs/benchmarks.md)

  BENCH_STACK_CPU_PROF=DIR  write a V8 CPU profile of the stack process to DIR
                            (summarise it with: npx tsx bench/profile.ts FILE)`

process.env.STACK_LOG ??= 'warn'
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000,10000' },
    dashboards: { type: 'string', default: '10' },
    rates: { type: 'string', default: '100,500' },
    seconds: { type: 'string', default: '30' },
    'old-customers': { type: 'string', default: '1000' },
    'old-rate': { type: 'string', default: '100' },
    changes: { type: 'string', default: '200' },
    runs: { type: 'string', default: '5' },
    'rest-seconds': { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '10' },
    'desk-loads': { type: 'string', default: '100' },
    'bulk-runs': { type: 'string', default: '5' },
    only: { type: 'string' },
    out: { type: 'string', default: 'docs/benchmarks.md' },
    help: { type: 'boolean', default: false },
  },
})
if (values.help) {
  console.log(HELP)
  process.exit(0)
}
const num = (name: keyof typeof values) => {
  const n = Number(values[name])
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`--${name} must be a positive number, got ${values[name]}`)
  return n
}
const list = (name: 'customers' | 'rates') => {
  const xs = values[name]!.split(',').map(Number)
  if (!xs.length || xs.some((n) => !Number.isFinite(n) || n <= 0))
    throw new Error(`--${name} must be positive numbers separated by commas, got ${values[name]}`)
  return xs
}
const opts = {
  customers: list('customers'),
  dashboards: num('dashboards'),
  rates: list('rates'),
  seconds: num('seconds'),
  oldCustomers: num('old-customers'),
  oldRate: num('old-rate'),
  changes: num('changes'),
  runs: num('runs'),
  restSeconds: num('rest-seconds'),
  concurrency: num('concurrency'),
  deskLoads: num('desk-loads'),
  bulkRuns: num('bulk-runs'),
}
const only = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : undefined
const wanted = (id: string) => !only || only.has(id)
const progress = (s: string) => console.log(`  … ${s}`)

interface Step {
  id: string
  run(stack: () => Promise<StackProcess>): Promise<Section | Section[]>
}

const steps: Step[] = [
  { id: 'startup', run: () => benchStartup({ runs: opts.runs, progress }) },
  {
    id: 'rest',
    async run(stack) {
      const s = await stack()
      return benchRest(s.env, {
        seconds: opts.restSeconds,
        concurrency: opts.concurrency,
        runs: opts.runs,
        stackPid: s.pid,
        progress,
      })
    },
  },
  {
    id: 'realtime',
    async run(stack) {
      const s = await stack()
      return benchRealtime(s.env, { ...opts, pid: s.pid, progress })
    },
  },
  { id: 'inbox', run: async (stack) => benchInbox((await stack()).env, { changes: opts.changes, progress }) },
  { id: 'desk', run: async (stack) => benchDesk((await stack()).env, { samples: opts.deskLoads, progress }) },
  { id: 'bulk', run: async (stack) => benchBulk((await stack()).env, { runs: opts.bulkRuns, progress }) },
  {
    id: 'bundle',
    async run() {
      progress('building the app (vite build)')
      const dist = await buildApp(root)
      try {
        return await benchBundle(dist)
      } finally {
        await rm(dist, { recursive: true, force: true })
      }
    },
  },
]

async function main(): Promise<void> {
  const startedAt = new Date()
  let stack: StackProcess | undefined
  const getStack = async () => {
    if (!stack) {
      progress('starting a throw-away stack for the benchmarks')
      stack = await startStackProcess(root)
    }
    return stack
  }
  const sections: Section[] = []
  try {
    for (const step of steps.filter((s) => wanted(s.id))) {
      console.log(`\n▶ ${step.id}`)
      for (const section of [await step.run(getStack)].flat()) {
        printSection(section)
        sections.push(section)
      }
    }
    const machine = await describeMachine((await getStack()).env.databaseUrl)
    const out = path.resolve(root, values.out)
    await writeReport(out, {
      machine,
      command: ['npm run bench', ...process.argv.slice(2)].join(' '),
      startedAt,
      seconds: (Date.now() - startedAt.getTime()) / 1000,
      sections,
    })
    console.log(`\nwrote ${path.relative(root, out)}`)
  } finally {
    await stack?.stop()
  }
}

try {
  await main()
} catch (err) {
  const e = err as Error & { stderr?: string }
  console.error(`\nbench failed: ${e.message.split('\n')[0]}${e.stderr ? '\n' + e.stderr.trim() : ''}`)
  process.exit(1)
}
