// `npm run test:deno`: the edge functions' unit tests and the function runtime's, in real Deno.
import { existsSync } from 'node:fs'
import { bin, run } from './run.ts'

export const DENO_TEST_DIRS = ['supabase/functions', 'stack/functions/runtime', 'tests/functions']

export async function denoTest(): Promise<number> {
  const dirs = DENO_TEST_DIRS.filter((d) => existsSync(d))
  return run(bin('deno'), ['test', '--allow-all', '--no-prompt', ...dirs], {
    DENO_NO_UPDATE_CHECK: '1',
  })
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(await denoTest())
