// The parent's handle on bench/live-clients.ts: starts the clients' process, connects a
// crowd in one of the modes, and gathers what they received.
import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FromParent, Mode, Person, Receipt, ToParent } from './live-clients.ts'
import type { StackEnv } from '../tests/support/stack-env.ts'

const here = path.dirname(fileURLToPath(import.meta.url))

export interface Fleet {
  pid: number
  /** Everything received since the last `clear()`. */
  receipts: Receipt[]
  connect(mode: Mode, env: StackEnv, people: Person[], relayUrl?: string): Promise<void>
  disconnect(): Promise<void>
  clear(): void
  stop(): Promise<void>
}

export async function startFleet(): Promise<Fleet> {
  const child: ChildProcess = fork(path.join(here, 'live-clients.ts'), [], {
    execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const receipts: Receipt[] = []
  const waiting = new Map<string, { resolve: () => void; reject: (e: Error) => void }>()
  child.on('message', (m: ToParent) => {
    if (m.op === 'receipts') for (const r of m.rows) receipts.push(r)
    else if (m.op === 'error') for (const w of waiting.values()) w.reject(new Error(m.message))
    else waiting.get(m.op)?.resolve()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const ask = (m: FromParent, answer: ToParent['op']) =>
    new Promise<void>((resolve, reject) => {
      waiting.set(answer, {
        resolve: () => (waiting.delete(answer), resolve()),
        reject: (e) => (waiting.delete(answer), reject(e)),
      })
      child.send(m)
    })
  return {
    pid: child.pid!,
    receipts,
    connect: (mode, env, people, relayUrl) =>
      ask({ op: 'connect', mode, apiUrl: env.apiUrl, anonKey: env.anonKey, relayUrl, people }, 'connected'),
    disconnect: () => ask({ op: 'disconnect' }, 'disconnected'),
    clear: () => void receipts.splice(0),
    async stop() {
      child.disconnect()
      await exited
    },
  }
}
