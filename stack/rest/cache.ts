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
import { createListener } from '../shared/listener.ts'

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

  const listener = createListener({
    connectionString: authenticatorUrl(ctx.adminDatabaseUrl, ctx.config.rest),
    applicationName: 'postgrest-listener',
    channels: ['pgrst'],
    log,
    onNotification(n) {
      if (stopped) return
      if (n.payload === 'reload schema' || n.payload === '')
        void reload().catch((e: unknown) => log.warn('schema reload failed', e))
      if (n.payload === 'reload config' || n.payload === '')
        void reloadConfig().catch((e: unknown) => log.warn('config reload failed', e))
    },
    // DDL notified while the connection was down is only seen by reloading both.
    onReconnect() {
      void reload().catch((e: unknown) => log.warn('schema reload failed', e))
      void reloadConfig().catch((e: unknown) => log.warn('config reload failed', e))
    },
  })

  return {
    pool,
    async start() {
      await listener.start()
      await Promise.all([reload(), reloadConfig()])
    },
    async stop() {
      stopped = true
      await listener.stop()
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
      if (await listener.sync()) return (await (queued ?? running)) ?? cache!
      // Not listening (reconnecting): reload, at most every 200 ms.
      if (queued ?? running) return (queued ?? running)!
      if (Date.now() - lastStarted < 200 && cache) return cache
      return reload()
    },
  }
}

export type CacheKeeper = ReturnType<typeof createCacheKeeper>
