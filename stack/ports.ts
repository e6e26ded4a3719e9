// Makes sure the stack's ports are free before anything starts, and records who holds
// the data folder, so a second `npm start` explains itself instead of crashing.
import net from 'node:net'
import path from 'node:path'
import { readFileSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import type { StackConfig } from './shared/config.ts'

export interface PortClaim {
  release(): Promise<void>
}

export class StackBusyError extends Error {}

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer()
    srv.once('error', () => resolve(false))
    srv.listen(port, host, () => srv.close(() => resolve(true)))
  })
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

export async function claimPorts(config: StackConfig): Promise<PortClaim> {
  const pidFile = path.join(config.dataDir, 'stack.pid')
  const holder = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim())
  if (holder && holder !== process.pid && isAlive(holder)) {
    throw new StackBusyError(
      `A local stack is already running on this data folder (pid ${holder}, API on port ${config.ports.api}).\n` +
        'Use it as it is, or stop it first (Ctrl-C in its terminal). `npm test` runs its own stack and can run beside it.',
    )
  }
  const wanted = Object.entries(config.ports).filter(([name]) => name !== 'app')
  if (config.externalDatabaseUrl)
    wanted.splice(
      wanted.findIndex(([n]) => n === 'db'),
      1,
    )
  for (const [name, port] of wanted) {
    if (!(await portIsFree(port, config.host))) {
      throw new StackBusyError(
        `Port ${port} (${name}) is already in use on ${config.host}. Another \`npm start\` or \`supabase start\` may be running; ` +
          `stop it, or choose other ports with STACK_API_PORT / STACK_DB_PORT / STACK_MAIL_PORT.`,
      )
    }
  }
  await writeFile(pidFile, String(process.pid))
  return { release: () => rm(pidFile, { force: true }) }
}

/** A free TCP port on loopback, for throw-away stacks. */
/**
 * A port nothing listens on, for throw-away stacks. Chosen below the kernel's ephemeral
 * range, so outgoing connections (which take ephemeral ports) cannot grab it between this
 * check and the stack's listen, and never handed out twice by one process.
 */
export async function freePort(): Promise<number> {
  const [low, high] = belowEphemeralRange()
  for (let i = 0; i < 100; i++) {
    const port = low + Math.floor(Math.random() * (high - low))
    if (handedOut.has(port) || !(await canListen(port))) continue
    handedOut.add(port)
    return port
  }
  throw new Error(`no free port found between ${low} and ${high}`)
}

const handedOut = new Set<number>()

function belowEphemeralRange(): [number, number] {
  try {
    const first = Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0],
    )
    if (first > 11_000) return [10_000, first]
  } catch {
    // not Linux: fall through
  }
  return [20_000, 32_000]
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer()
    srv.once('error', () => resolve(false))
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)))
  })
}
