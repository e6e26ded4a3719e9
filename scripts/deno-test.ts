// `npm run test:deno`: type-checks every edge function as it will be deployed (its own
// deno.json imports, nothing from package.json), then runs the functions' unit tests and the
// function runtime's, in real Deno.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { discoverFunctions } from '../stack/functions/discover.ts'
import { denoImportFlags } from '../stack/functions/import-map.ts'
import { ROOT, bin, run } from './run.ts'

export const DENO_TEST_DIRS = ['supabase/functions', 'stack/functions/runtime', 'tests/functions']
const env = { DENO_NO_UPDATE_CHECK: '1' }

export async function denoTest(): Promise<number> {
  const dirs = DENO_TEST_DIRS.filter((d) => existsSync(path.join(ROOT, d)))
  const functions = discoverFunctions([
    path.join(ROOT, 'supabase/functions'),
    path.join(ROOT, 'tests/functions'),
  ])
  const flags = denoImportFlags(functions)
  const appFunctions = Object.values(functions).filter((f) => f.startsWith(path.join(ROOT, 'supabase')))
  const checked = await run(bin('deno'), ['check', ...flags, ...appFunctions], env)
  if (checked !== 0) return checked
  return run(bin('deno'), ['test', '--allow-all', '--no-prompt', ...flags, ...dirs], env)
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(await denoTest())
