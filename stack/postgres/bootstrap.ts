// Turns a plain Postgres database into what a fresh Supabase database offers.
// Each SQL file of bootstrap/ (and of every service that owns SQL) is idempotent and is
// re-run only when its content changed, so a warm start changes nothing.
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import type { Logger } from '../shared/log.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const stackDir = path.resolve(here, '..')

/** The bootstrap SQL files, in order: ours first, then each service's `schema/*.sql`. */
export async function bootstrapFiles(): Promise<string[]> {
  const own = (await readdir(path.join(here, 'bootstrap')))
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => path.join(here, 'bootstrap', f))
  const services: string[] = []
  for (const dir of (await readdir(stackDir, { withFileTypes: true })).filter((d) => d.isDirectory())) {
    const schemaDir = path.join(stackDir, dir.name, 'schema')
    const files = await readdir(schemaDir).catch(() => [] as string[])
    services.push(
      ...files
        .filter((f) => f.endsWith('.sql'))
        .sort()
        .map((f) => path.join(schemaDir, f)),
    )
  }
  return [...own, ...services.sort((a, b) => path.basename(a).localeCompare(path.basename(b)))]
}

export async function bootstrapDatabase(url: string, log: Logger): Promise<{ applied: string[] }> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('create schema if not exists _stack')
    await client.query(
      'create table if not exists _stack.bootstrap (file text primary key, sha256 text not null, applied_at timestamptz not null default now())',
    )
    const done = new Map(
      (
        await client.query<{ file: string; sha256: string }>('select file, sha256 from _stack.bootstrap')
      ).rows.map((r) => [r.file, r.sha256]),
    )
    const applied: string[] = []
    for (const file of await bootstrapFiles()) {
      const sql = await readFile(file, 'utf8')
      const sha = createHash('sha256').update(sql).digest('hex')
      const name = path.relative(stackDir, file)
      if (done.get(name) === sha) continue
      log.info(`bootstrap: ${name}`)
      await client.query('begin')
      try {
        await client.query(sql)
        await client.query(
          'insert into _stack.bootstrap (file, sha256) values ($1, $2) on conflict (file) do update set sha256 = excluded.sha256, applied_at = now()',
          [name, sha],
        )
        await client.query('commit')
      } catch (err) {
        await client.query('rollback')
        throw new Error(`bootstrap ${name} failed: ${(err as Error).message}`)
      }
      applied.push(name)
    }
    return { applied }
  } finally {
    await client.end()
  }
}
