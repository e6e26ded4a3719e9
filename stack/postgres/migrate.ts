// Applies supabase/migrations and the seed with the real Supabase CLI, logged in as postgres
// like `supabase db push` against a hosted project, so the CLI's own bookkeeping
// (supabase_migrations.schema_migrations, seed_files) records what ran.
import { spawn } from 'node:child_process'
import path from 'node:path'
import type { Logger } from '../shared/log.ts'

export function supabaseBin(root: string): string {
  return path.join(root, 'node_modules', '.bin', 'supabase')
}

/** Runs the Supabase CLI in the project root; resolves with its output, rejects on failure. */
export function runSupabaseCli(root: string, args: string[], log?: Logger): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(supabaseBin(root), [...args, '--workdir', root], {
      cwd: root,
      env: {
        PGSSLMODE: 'disable',
        ...process.env,
        SUPABASE_TELEMETRY_DISABLED: '1',
        DO_NOT_TRACK: '1',
        SUPABASE_YES: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d))
    child.stderr.on('data', (d: Buffer) => {
      err += d
      for (const line of d.toString().split('\n')) if (line.trim()) log?.debug(line.trim())
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve(out)
      else reject(new Error(`supabase ${args[0]} ${args[1] ?? ''} failed (exit ${code}):\n${err || out}`))
    })
  })
}

export async function pushMigrations(
  root: string,
  dbUrl: string,
  log: Logger,
  withSeed: boolean,
): Promise<void> {
  const args = ['db', 'push', `--remote=${dbUrl}`, '--yes', '--include-all']
  if (withSeed) args.push('--include-seed')
  await runSupabaseCli(root, args, log).catch((err: Error) => {
    if (/extension "pg_net" is not available/.test(err.message))
      err.message +=
        "\nThis server has no pg_net. The embedded database gets the stack's stand-in at start; " +
        'for DATABASE_URL, install pg_net on that server (supabase/postgres images ship it) or copy ' +
        'stack/net/extension/* into its extension folder (`pg_config --sharedir`/extension).'
    throw err
  })
}
