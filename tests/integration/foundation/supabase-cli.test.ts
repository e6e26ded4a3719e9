// The real Supabase CLI against the local stack: advisors run, and the committed types
// are what `supabase gen types` prints for the current migrations.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runSupabaseCli } from '../../../stack/postgres/migrate.ts'
import { generateTypes } from '../../../stack/postgres/types.ts'
import { stackEnv } from '../../support/clients.ts'

const root = path.resolve(import.meta.dirname, '../../..')

describe('the Supabase CLI against the local stack', () => {
  it('runs `supabase db advisors` and finds no error-level issue', async () => {
    const out = await runSupabaseCli(root, [
      'db',
      'advisors',
      `--remote=${stackEnv().databaseUrl}`,
      '--level',
      'error',
      '--fail-on',
      'error',
    ])
    expect(out).not.toMatch(/\bERROR\b/)
  }, 60_000)

  it('`supabase gen types` matches the committed src/lib/database.types.ts (run `npm run db:types`)', async () => {
    // On a stack of its own: other test files add tables and functions to the shared one.
    const generated = await generateTypes(root)
    const committed = await readFile(path.join(root, 'src/lib/database.types.ts'), 'utf8')
    expect(committed).toBe(generated)
  }, 60_000)
})
