// The real Supabase CLI on a database holding just the migrations (other test files add
// tables and functions to the shared stack): advisors find nothing to warn about, and the
// committed types are what `supabase gen types` prints.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runSupabaseCli } from '../../../stack/postgres/migrate.ts'
import { generateTypes, withMigrationsOnly } from '../../../stack/postgres/types.ts'

const root = path.resolve(import.meta.dirname, '../../..')

describe('the Supabase CLI against the migrations', () => {
  it('`supabase db advisors` finds no security or performance warning; gen types matches the committed file', async () => {
    await withMigrationsOnly(async (url) => {
      // --fail-on warn makes the CLI exit non-zero on any WARN or ERROR finding.
      const advice = await runSupabaseCli(root, [
        'db',
        'advisors',
        `--remote=${url}`,
        '--type',
        'all',
        '--level',
        'warn',
        '--fail-on',
        'warn',
      ])
      expect(advice).not.toMatch(/"level": "(WARN|ERROR)"/)

      const committed = await readFile(path.join(root, 'src/lib/database.types.ts'), 'utf8')
      expect(committed, 'run `npm run db:types` and commit the result').toBe(await generateTypes(root, url))
    })
  }, 90_000)
})
