// The Deno process behind /functions/v1: started on first use, restarted after a crash or
// when function files change, its output forwarded to the stack log.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'
import type { Logger } from '../shared/log.ts'
import { denoImportFlags } from './import-map.ts'

export interface DenoRuntime {
  /** The runtime's base URL, starting it if needed. */
  url(): Promise<string>
  restart(): void
  stop(): Promise<void>
}

export function createDenoRuntime(o: {
  root: string
  log: Logger
  functions: () => Record<string, string>
  env: () => Record<string, string>
}): DenoRuntime {
  let child: ChildProcess | undefined
  let ready: Promise<string> | undefined

  function start(): Promise<string> {
    const proc = spawn(
      path.join(o.root, 'node_modules/.bin/deno'),
      [
        'run',
        '--allow-all',
        '--no-prompt',
        '--quiet',
        ...denoImportFlags(o.functions()),
        path.join(o.root, 'stack/functions/runtime/main.ts'),
      ],
      {
        cwd: o.root,
        env: {
          ...process.env,
          ...o.env(),
          STACK_FUNCTIONS: JSON.stringify(o.functions()),
          STACK_FUNCTIONS_PORT: '0',
          NO_COLOR: '1',
          DENO_NO_UPDATE_CHECK: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    child = proc
    const started = Date.now()
    return new Promise<string>((resolve, reject) => {
      createInterface({ input: proc.stdout! }).on('line', (line) => {
        const m = line.match(/LISTENING (\d+)/)
        if (m) {
          o.log.info(`edge runtime ready in ${Date.now() - started} ms`)
          return resolve(`http://127.0.0.1:${m[1]}`)
        }
        o.log.info(line)
      })
      createInterface({ input: proc.stderr! }).on('line', (line) => o.log.warn(line))
      proc.once('exit', (code, signal) => {
        if (child === proc) {
          child = undefined
          ready = undefined
        }
        reject(new Error(`the edge runtime exited (${signal ?? code}) before it was ready`))
        if (signal !== 'SIGTERM')
          o.log.warn(`edge runtime exited (${signal ?? code}); it restarts on the next request`)
      })
    })
  }

  function kill(): Promise<void> {
    const proc = child
    child = undefined
    ready = undefined
    if (!proc || proc.exitCode !== null) return Promise.resolve()
    return new Promise((resolve) => {
      proc.once('exit', () => resolve())
      proc.kill('SIGTERM')
    })
  }

  return {
    url() {
      ready ??= start()
      return ready
    },
    restart() {
      void kill()
    },
    stop: kill,
  }
}
