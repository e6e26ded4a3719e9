// Runs bench/serve.ts as a child process and hands back its stack's addresses and pid.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'
import type { StackEnv } from '../tests/support/stack-env.ts'

export interface StackProcess {
  env: StackEnv
  pid: number
  stop(): Promise<void>
}

/**
 * BENCH_STACK_CPU_PROF=<folder> profiles the stack process (node --cpu-prof, which
 * NODE_OPTIONS may not carry, so node runs serve.ts itself): its `.cpuprofile` lands there
 * when the benchmark stops the stack. Open it in Chrome DevTools or summarise it with
 * `npx tsx bench/profile.ts <file>`.
 */
function command(root: string): [string, string[]] {
  const dir = process.env.BENCH_STACK_CPU_PROF
  if (!dir) return [path.join(root, 'node_modules/.bin/tsx'), ['bench/serve.ts']]
  return [
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`, '--import', 'tsx', 'bench/serve.ts'],
  ]
}

export async function startStackProcess(root: string): Promise<StackProcess> {
  const [bin, args] = command(root)
  const child = spawn(bin, args, {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, STACK_LOG: process.env.STACK_LOG ?? 'warn' },
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const env = await new Promise<StackEnv>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      if (line.startsWith('STACK_READY ')) resolve(JSON.parse(line.slice('STACK_READY '.length)) as StackEnv)
    })
    child.once('exit', (code) =>
      reject(new Error(`the benchmark stack exited before it was ready (${code})`)),
    )
  })
  return {
    env,
    pid: child.pid!,
    async stop() {
      child.stdin!.end()
      child.kill('SIGTERM')
      await exited
    },
  }
}
