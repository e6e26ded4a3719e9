// Keeps the schema cache current: loaded at start and reloaded on `NOTIFY pgrst` (sent by
// DDL event triggers, as on Supabase). A request that misses first syncs with the
// notification stream, so DDL committed before the request is always seen. Role settings
// and the in-database configuration reload on `NOTIFY pgrst, 'reload config'`.
import pg from 'pg'
import type { StackContext } from '../shared/service.ts'
import { loadSchemaCache } from './schema-cache/load.ts'
import type { SchemaCache } from './schema-cache/types.ts'
import { loadDbConfig, loadRoleSettings, type DbConfig, type RoleSettings } from './db/settings.ts'
import { authenticatorUrl } from './db/pool.ts'

export interface ConfigState {
  roles: RoleSettings
  db: DbConfig
}

export function createCacheKeeper(ctx: StackContext, pool: pg.Pool) {
  const log = ctx.log.child('rest')
  let config: ConfigState | undefined
  /** Bumped on every schema or configuration reload: plans made before are stale. */
  let generation = 0
  let cache: SchemaCache | undefined
  let running: Promise<SchemaCache> | undefined
  let queued: Promise<SchemaCache> | undefined
  let lastStarted = 0
  let listener: pg.Client | undefined
  let stopped = false

  function run(): Promise<SchemaCache> {
    lastStarted = Date.now()
    running = loadSchemaCache(pool, ctx.config.api.schemas)
      .then((c) => {
        generation++
        return (cache = c)
      })
      .finally(() => (running = undefined))
    return running
  }

  /** A reload that starts now or later, never one already under way (it may predate the DDL). */
  function reload(): Promise<SchemaCache> {
    if (!running) return run()
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined
        return run()
      })
    return queued
  }

  async function reloadConfig(): Promise<void> {
    const [roles, db] = await Promise.all([loadRoleSettings(pool), loadDbConfig(pool)])
    config = { roles, db }
    generation++
  }

  async function listen(): Promise<void> {
    if (stopped) return
    const client = new pg.Client({
      connectionString: authenticatorUrl(ctx.adminDatabaseUrl),
      application_name: 'postgrest-listener',
    })
    client.on('notification', (n) => {
      if (stopped) return
      if (n.payload === 'reload schema' || n.payload === '')
        void reload().catch((e: unknown) => log.warn('schema reload failed', e))
      if (n.payload === 'reload config' || n.payload === '')
        void reloadConfig().catch((e: unknown) => log.warn('config reload failed', e))
    })
    client.on('error', () => {
      listener = undefined
      if (!stopped) setTimeout(() => void listen().catch(() => {}), 500)
    })
    await client.connect()
    await client.query('listen pgrst')
    listener = client
  }

  return {
    pool,
    async start() {
      await listen()
      await Promise.all([reload(), reloadConfig()])
    },
    async stop() {
      stopped = true
      await listener?.end().catch(() => {})
      await (queued ?? running)?.catch(() => {})
    },
    current(): SchemaCache {
      if (!cache) throw new Error('schema cache not loaded')
      return cache
    },
    generation: () => generation,
    config(): ConfigState {
      if (!config) throw new Error('configuration not loaded')
      return config
    },
    /**
     * After a miss. A round trip on the listening connection delivers every notification
     * committed before it, so if DDL preceded this request a reload is now under way.
     */
    async refreshAfterMiss(): Promise<SchemaCache> {
      if (listener) {
        const synced = await listener.query('select 1').then(
          () => true,
          () => false,
        )
        if (synced) return (await (queued ?? running)) ?? cache!
      }
      // Not listening (reconnecting): reload, at most every 200 ms.
      if (queued ?? running) return (queued ?? running)!
      if (Date.now() - lastStarted < 200 && cache) return cache
      return reload()
    },
  }
}

export type CacheKeeper = ReturnType<typeof createCacheKeeper>
