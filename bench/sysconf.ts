// Clock ticks per second and the page size, for reading /proc figures.
import { execFileSync } from 'node:child_process'

let cached: { clockTicks: number; pageSize: number } | undefined

export function sysconf(): { clockTicks: number; pageSize: number } {
  if (cached) return cached
  const read = (name: string, fallback: number) => {
    try {
      return Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim()) || fallback
    } catch {
      return fallback
    }
  }
  cached = { clockTicks: read('CLK_TCK', 100), pageSize: read('PAGESIZE', 4096) }
  return cached
}
