// Keeps the schema cache current: loaded at start, reloaded on `NOTIFY pgrst` (sent by DDL
// event triggers, as on Supabase) and, at most every 200 ms, when a request misses.
import pg from 'pg'
import type { StackContext } from '../shared/service.ts'
import { loadSchemaCache, type SchemaCache } from './schema-cache.ts'

export function createCacheKeeper(ctx: StackContext) {
  const log = ctx.log.child('rest')
  let cache: SchemaCache | undefined
  let pending: Promise<SchemaCache> | undefined
  let lastStarted = 0
  let listener: pg.Client | undefined
  let stopped = false

  function reload(): Promise<SchemaCache> {
    if (pending) return pending
    lastStarted = Date.now()
    pending = loadSchemaCache(ctx.adminPool, ctx.config.api.schemas)
      .then((c) => (cache = c))
      .finally(() => (pending = undefined))
    return pending
  }

  async function listen(): Promise<void> {
    if (stopped) return
    const client = new pg.Client({
      connectionString: ctx.adminDatabaseUrl,
      application_name: 'stack-rest-listener',
    })
    client.on('notification', (n) => {
      if (n.payload === 'reload schema' || n.payload === '')
        void reload().catch((e: unknown) => log.warn('schema reload failed', e))
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
    async start() {
      await reload()
      await listen()
    },
    async stop() {
      stopped = true
      await listener?.end().catch(() => {})
    },
    current(): SchemaCache {
      if (!cache) throw new Error('schema cache not loaded')
      return cache
    },
    /** After a miss: reuse a reload in flight or a fresh one, else reload now. */
    async refreshAfterMiss(): Promise<SchemaCache> {
      if (pending) return pending
      if (Date.now() - lastStarted < 200 && cache) return cache
      return reload()
    },
  }
}

export type CacheKeeper = ReturnType<typeof createCacheKeeper>
