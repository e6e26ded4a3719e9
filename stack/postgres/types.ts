// `supabase gen types` for exactly what the migrations create: a throw-away stack (no seed,
// nothing else in it), so the output never depends on what else a database holds.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { freePort } from '../ports.ts'
import { startStack } from '../stack.ts'
import { runSupabaseCli } from './migrate.ts'

export async function generateTypes(root: string): Promise<string> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'stack-types-'))
  const ports = { api: await freePort(), db: await freePort(), mail: await freePort() }
  const stack = await startStack({ dataDir, ports, ephemeral: true, seed: false, onProgress: () => {} })
  try {
    const args = ['gen', 'types', '--lang=typescript', `--remote=${stack.databaseUrl}`, '--schema', 'public']
    return await runSupabaseCli(root, args)
  } finally {
    await stack.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
