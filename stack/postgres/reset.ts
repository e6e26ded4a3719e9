// `npm run db:reset`: drops the local database and rebuilds it from migrations + seed. A data
// folder made by an older stack (superuser `postgres`) is replaced by a new cluster.
import { rm } from 'node:fs/promises'
import pg from 'pg'
import { loadConfig } from '../shared/config.ts'
import { createLogger, type Logger } from '../shared/log.ts'
import { claimPorts } from '../ports.ts'
import { OldClusterError, startEmbeddedPostgres, type RunningPostgres } from './embedded.ts'
import { bootstrapDatabase } from './bootstrap.ts'
import { pushMigrations } from './migrate.ts'
import { roleUrl } from './roles.ts'

/** Drops and recreates the `postgres` database on the server `url` (a superuser's) points at. */
export async function recreateDatabase(url: string): Promise<void> {
  const maintenance = new URL(url)
  maintenance.pathname = '/template1'
  const client = new pg.Client({ connectionString: maintenance.toString() })
  await client.connect()
  try {
    const slots = await client.query<{ slot_name: string }>(
      "select slot_name from pg_replication_slots where database = 'postgres'",
    )
    for (const s of slots.rows) await client.query('select pg_drop_replication_slot($1)', [s.slot_name])
    await client.query('drop database if exists postgres with (force)')
    await client.query('create database postgres')
  } finally {
    await client.end()
  }
}

async function startOrReplace(dataDir: string, port: number, log: Logger): Promise<RunningPostgres> {
  try {
    return await startEmbeddedPostgres({ dataDir, port, log })
  } catch (err) {
    if (!(err instanceof OldClusterError)) throw err
    log.info(`replacing the database cluster made by an older stack (${err.databaseDir})`)
    await rm(err.databaseDir, { recursive: true, force: true })
    return startEmbeddedPostgres({ dataDir, port, log })
  }
}

export async function resetDatabase(): Promise<void> {
  const config = loadConfig()
  const log = createLogger('db:reset')
  const claim = await claimPorts(config)
  const postgres = config.externalDatabaseUrl
    ? undefined
    : await startOrReplace(config.dataDir, config.ports.db, log)
  const adminUrl = config.externalDatabaseUrl ?? postgres!.url
  try {
    log.info('dropping the database')
    await recreateDatabase(adminUrl)
    await bootstrapDatabase(adminUrl, log, { autoExposeNewTables: config.api.autoExposeNewTables })
    log.info('applying migrations and seed with the Supabase CLI')
    await pushMigrations(config.root, roleUrl(adminUrl, 'postgres'), log, config.db.seedEnabled)
    log.info('done: the database is back to migrations + seed')
  } finally {
    await postgres?.stop()
    await claim.release()
  }
}
