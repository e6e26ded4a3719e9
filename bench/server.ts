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

export async function startStackProcess(root: string): Promise<StackProcess> {
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['bench/serve.ts'], {
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
