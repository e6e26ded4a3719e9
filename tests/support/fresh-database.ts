// A new database on the stack's cluster, set up like a Supabase project created today (the
// stack's bootstrap, nothing else: no migrations), for tests that must start from nothing.
import pg from 'pg'
import { bootstrapDatabase } from '../../stack/postgres/bootstrap.ts'
import { roleUrl } from '../../stack/postgres/roles.ts'
import { createLogger } from '../../stack/shared/log.ts'
import { stackEnv, unique } from './clients.ts'

export interface FreshDatabase {
  /** supabase_admin's URL (the superuser). */
  adminUrl: string
  /** postgres's URL: what migrations run as. */
  postgresUrl: string
  drop(): Promise<void>
}

function onDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

export async function freshDatabase(opts: { autoExposeNewTables?: boolean } = {}): Promise<FreshDatabase> {
  const name = unique('fresh_').toLowerCase()
  const server = stackEnv().databaseUrl
  const admin = new pg.Client({ connectionString: server })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const adminUrl = onDatabase(server, name)
  const log = { ...createLogger('fresh-database'), info: () => {}, debug: () => {} }
  await bootstrapDatabase(adminUrl, log, opts)
  return {
    adminUrl,
    postgresUrl: roleUrl(adminUrl, 'postgres'),
    async drop() {
      const c = new pg.Client({ connectionString: server })
      await c.connect()
      try {
        await c.query(`drop database if exists ${name} with (force)`)
      } finally {
        await c.end()
      }
    },
  }
}

/** Runs `fn` with a client logged in at `url`, then closes it. */
export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}
