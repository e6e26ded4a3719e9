// Turns a plain Postgres database into what a Supabase project created today offers.
// Each SQL file of bootstrap/ (and of every service that owns SQL) is idempotent and is
// re-run only when its content changed, so a warm start changes nothing. Runs as a superuser.
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import type { Logger } from '../shared/log.ts'
import { transaction } from '../shared/transaction.ts'

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

/** Which default privileges postgres's new objects in public get (`[api] auto_expose_new_tables`). */
export const privilegesFile = (autoExposeNewTables: boolean | undefined) =>
  path.join(here, 'privileges', autoExposeNewTables === true ? 'expose.sql' : 'revoke.sql')

/** Refuses, with what to do, a connection that cannot make the database hosted-like. */
async function assertCanBootstrap(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ me: string; superuser: boolean; postgres_first: boolean | null }>(
    `select current_user as me, r.rolsuper as superuser,
            (select p.oid = 10 from pg_roles p where p.rolname = 'postgres') as postgres_first
       from pg_roles r where r.rolname = current_user`,
  )
  const { me, superuser, postgres_first } = rows[0]!
  if (!superuser)
    throw new Error(
      `The database URL logs in as "${me}", which is not a superuser. The stack needs a superuser ` +
        '(for example supabase_admin) to create the roles and schemas of a Supabase database before the ' +
        'migrations run as postgres. Set DATABASE_URL to a superuser URL.',
    )
  if (me === 'postgres' || postgres_first)
    throw new Error(
      'On this server `postgres` is ' +
        (postgres_first ? "the cluster's first superuser" : 'the role the URL logs in as') +
        ', but on a Supabase database postgres is an ordinary role (supabase_admin is the superuser), ' +
        'and PostgreSQL cannot demote the first role of a cluster. Use a cluster created with another ' +
        'superuser (initdb -U supabase_admin, or the supabase/postgres image) and log in as that one.',
    )
}

export async function bootstrapDatabase(
  url: string,
  log: Logger,
  opts: { autoExposeNewTables?: boolean } = {},
): Promise<{ applied: string[] }> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await assertCanBootstrap(client)
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
    for (const file of [...(await bootstrapFiles()), privilegesFile(opts.autoExposeNewTables)]) {
      const sql = await readFile(file, 'utf8')
      const sha = createHash('sha256').update(sql).digest('hex')
      // Both privilege files share one name, so switching the setting re-applies.
      const name = path.dirname(file).endsWith('privileges')
        ? 'postgres/privileges'
        : path.relative(stackDir, file)
      if (done.get(name) === sha) continue
      log.info(`bootstrap: ${name}`)
      await transaction(client, async (tx) => {
        await tx.query(sql)
        await tx.query(
          'insert into _stack.bootstrap (file, sha256) values ($1, $2) on conflict (file) do update set sha256 = excluded.sha256, applied_at = now()',
          [name, sha],
        )
      }).catch((err: Error) => {
        throw new Error(`bootstrap ${name} failed: ${err.message}`)
      })
      applied.push(name)
    }
    return { applied }
  } finally {
    await client.end()
  }
}
