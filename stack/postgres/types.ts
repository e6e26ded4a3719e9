// A database holding exactly what the migrations create (a throw-away stack, no seed), for
// checks whose answer must not depend on what else a database holds: `supabase gen types`,
// `supabase db advisors`.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { freePort } from '../ports.ts'
import { startStack } from '../stack.ts'
import { runSupabaseCli } from './migrate.ts'

export async function withMigrationsOnly<T>(fn: (databaseUrl: string) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'stack-migrations-only-'))
  const ports = { api: await freePort(), db: await freePort(), mail: await freePort() }
  const stack = await startStack({ dataDir, ports, ephemeral: true, seed: false, onProgress: () => {} })
  try {
    return await fn(stack.databaseUrl)
  } finally {
    await stack.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

export function generateTypes(root: string, databaseUrl: string): Promise<string> {
  return runSupabaseCli(root, [
    'gen',
    'types',
    '--lang=typescript',
    `--remote=${databaseUrl}`,
    '--schema',
    'public',
  ])
}
