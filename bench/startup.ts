// Stack start-up to ready: cold (a new data folder: initdb, bootstrap, migrations, seed)
// and warm (the same folder again).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startStack } from '../stack/stack.ts'
import { freePort } from '../stack/ports.ts'
import type { Section } from './stats.ts'

export async function benchStartup(opts: { runs: number; progress: (s: string) => void }): Promise<Section> {
  const cold: number[] = []
  const warm: number[] = []
  for (let i = 0; i < opts.runs; i++) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-start-'))
    const ports = { api: await freePort(), db: await freePort(), mail: await freePort() }
    try {
      for (const bucket of [cold, warm, warm]) {
        const stack = await startStack({ dataDir, ports, onProgress: () => {} })
        bucket.push(stack.readyInMs)
        await stack.stop()
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
    opts.progress(`start-up run ${i + 1}/${opts.runs}: cold ${cold.at(-1)} ms, warm ${warm.at(-1)} ms`)
  }
  return {
    title: 'Stack start-up to ready',
    figures: [
      { name: 'cold start (new data folder)', unit: 'ms', samples: cold },
      { name: 'warm start', unit: 'ms', samples: warm },
    ],
    notes: ['Target: warm start under 5 s (docs/architecture.md).'],
  }
}
