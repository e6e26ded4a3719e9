// The stack's one logger: `[service] message`, quiet levels filtered by STACK_LOG.
import { logLevel } from './config.ts'

export type Level = 'debug' | 'info' | 'warn' | 'error'
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 }

function threshold(): number {
  const wanted = logLevel() as Level
  return order[wanted] ?? order.info
}

export interface Logger {
  debug(msg: string, extra?: unknown): void
  info(msg: string, extra?: unknown): void
  warn(msg: string, extra?: unknown): void
  error(msg: string, extra?: unknown): void
  /** Whether lines of this level are written (to skip building lines nobody reads). */
  enabled(level: Level): boolean
  child(name: string): Logger
}

export function createLogger(name: string): Logger {
  const write = (level: Level, msg: string, extra?: unknown) => {
    if (order[level] < threshold()) return
    const line = `[${name}] ${msg}`
    const out = level === 'error' || level === 'warn' ? console.error : console.log
    if (extra === undefined) out(line)
    else out(line, extra instanceof Error ? extra.message : extra)
  }
  return {
    debug: (m, e) => write('debug', m, e),
    info: (m, e) => write('info', m, e),
    warn: (m, e) => write('warn', m, e),
    error: (m, e) => write('error', m, e),
    enabled: (level) => order[level] >= threshold(),
    child: (sub) => createLogger(`${name}:${sub}`),
  }
}
