// A LISTEN connection that stays up: on any loss it reconnects with growing pauses (also when a
// reconnect itself fails) until stopped, and says so, since notifications sent meanwhile are lost.
import pg from 'pg'
import type { Logger } from './log.ts'

export interface ListenerOptions {
  connectionString: string
  /** Shown in pg_stat_activity. */
  applicationName: string
  channels: string[]
  onNotification(n: pg.Notification): void
  /**
   * After every reconnect (not the first connect): what was notified while the connection was
   * down never arrives, so catch up here (reload, drain a queue).
   */
  onReconnect?(): void
  log: Logger
  /** First pause before a reconnect, doubled after each failure up to `maxDelayMs`. */
  minDelayMs?: number
  maxDelayMs?: number
}

export interface Listener {
  /** Connects and listens; rejects if the first connection fails. */
  start(): Promise<void>
  stop(): Promise<void>
  /**
   * A round trip on the listening connection: every notification committed before this call
   * has been delivered when it resolves true. False while not connected.
   */
  sync(): Promise<boolean>
  connected(): boolean
}

export function createListener(o: ListenerOptions): Listener {
  const minDelay = o.minDelayMs ?? 100
  const maxDelay = o.maxDelayMs ?? 5_000
  let client: pg.Client | undefined
  let stopped = false
  let delay = minDelay
  let retry: NodeJS.Timeout | undefined

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: o.connectionString, application_name: o.applicationName })
    c.on('notification', (n) => {
      if (!stopped) o.onNotification(n)
    })
    c.on('error', (err) => lost(c, err))
    c.on('end', () => lost(c))
    try {
      await c.connect()
      for (const channel of o.channels) await c.query(`listen ${pg.escapeIdentifier(channel)}`)
    } catch (err) {
      c.removeAllListeners('end')
      await c.end().catch(() => {})
      throw err
    }
    if (stopped) return void (await c.end().catch(() => {}))
    client = c
    delay = minDelay
  }

  function lost(c: pg.Client, err?: Error): void {
    if (client !== c) return
    client = undefined
    if (stopped) return
    o.log.warn(`${o.applicationName}: connection lost; reconnecting`, err)
    schedule()
  }

  function schedule(): void {
    retry = setTimeout(() => {
      retry = undefined
      if (stopped) return
      connect().then(
        () => {
          o.log.info(`${o.applicationName}: listening again`)
          o.onReconnect?.()
        },
        (err: unknown) => {
          delay = Math.min(delay * 2, maxDelay)
          o.log.warn(`${o.applicationName}: reconnect failed; next try in ${delay} ms`, err)
          if (!stopped) schedule()
        },
      )
    }, delay)
    retry.unref()
  }

  return {
    start: connect,
    async stop() {
      stopped = true
      clearTimeout(retry)
      const c = client
      client = undefined
      await c?.end().catch(() => {})
    },
    async sync() {
      if (!client) return false
      return client.query('select 1').then(
        () => true,
        () => false,
      )
    },
    connected: () => client !== undefined,
  }
}
