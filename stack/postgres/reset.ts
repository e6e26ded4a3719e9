// `npm run db:reset`: drops the local database and rebuilds it from migrations + seed.
import pg from 'pg'
import { loadConfig } from '../shared/config.ts'
import { createLogger } from '../shared/log.ts'
import { claimPorts } from '../ports.ts'
import { startEmbeddedPostgres } from './embedded.ts'
import { bootstrapDatabase } from './bootstrap.ts'
import { pushMigrations } from './migrate.ts'

/** Drops and recreates the `postgres` database on the server `url` points at. */
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

export async function resetDatabase(): Promise<void> {
  const config = loadConfig()
  const log = createLogger('db:reset')
  const claim = await claimPorts(config)
  const postgres = config.externalDatabaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.ports.db, log })
  const url = config.externalDatabaseUrl ?? postgres!.url
  try {
    log.info('dropping the database')
    await recreateDatabase(url)
    await bootstrapDatabase(url, log)
    log.info('applying migrations and seed with the Supabase CLI')
    await pushMigrations(config.root, url, log, config.db.seedEnabled)
    log.info('done: the database is back to migrations + seed')
  } finally {
    await postgres?.stop()
    await claim.release()
  }
}
