// The pg_net worker: sends committed requests from net.http_request_queue and records each
// result in net._http_response. A request leaves the queue only with its response recorded,
// so a stack stopped mid-way sends it after the next start. It works only while the project
// has created the stack's pg_net (`create extension pg_net`); a real pg_net sends by itself.
import type { StackContext, Worker } from '../shared/service.ts'
import { createListener } from '../shared/listener.ts'
import { transaction } from '../shared/transaction.ts'

interface Queued {
  id: string
  method: string
  url: string
  headers: Record<string, string>
  body: Buffer | null
  timeout_milliseconds: number
}

interface Outcome {
  status: number | null
  contentType: string | null
  headers: Record<string, string> | null
  content: string | null
  timedOut: boolean
  error: string | null
}

async function send(r: Queued): Promise<Outcome> {
  try {
    const res = await fetch(r.url, {
      method: r.method,
      headers: r.headers,
      body: r.body ?? undefined,
      signal: AbortSignal.timeout(r.timeout_milliseconds),
    })
    const content = await res.text()
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      headers: Object.fromEntries(res.headers),
      content,
      timedOut: false,
      error: null,
    }
  } catch (err) {
    const e = err as Error & { cause?: { message?: string } }
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError'
    const error = timedOut
      ? `Timeout of ${r.timeout_milliseconds} ms reached`
      : (e.cause?.message ?? e.message)
    return { status: null, contentType: null, headers: null, content: null, timedOut, error }
  }
}

export function createNetWorker(ctx: StackContext): Worker {
  const log = ctx.log.child('net')
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let again = false
  let stopped = false

  async function record(r: Queued, o: Outcome): Promise<void> {
    await transaction(ctx.adminPool, async (tx) => {
      await tx.query(
        `insert into net._http_response (id, status_code, content_type, headers, content, timed_out, error_msg) values ($1, $2, $3, $4, $5, $6, $7)`,
        [r.id, o.status, o.contentType, o.headers, o.content, o.timedOut, o.error],
      )
      await tx.query('delete from net.http_request_queue where id = $1', [r.id])
    })
  }

  /** Is `net` the stack's stand-in (not absent, and not a real pg_net that sends by itself)? */
  async function standInInstalled(): Promise<boolean> {
    const { rows } = await ctx.adminPool.query<{ ours: boolean }>(
      "select to_regprocedure('net._stack_enqueue(text,text,jsonb,jsonb,bytea,integer)') is not null as ours",
    )
    return rows[0]!.ours
  }

  async function drain(): Promise<void> {
    if (!(await standInInstalled())) return
    for (;;) {
      const { rows } = await ctx.adminPool.query<Queued>(
        'select * from net.http_request_queue order by id limit 50',
      )
      if (!rows.length || stopped) return
      await Promise.all(
        rows.map(async (r) => {
          const outcome = await send(r)
          log.debug(`${r.method} ${r.url} → ${outcome.status ?? outcome.error}`)
          await record(r, outcome)
        }),
      )
    }
  }

  /** Runs drain(), once at a time; a wake-up during a run schedules one more. */
  function wake(): void {
    if (stopped) return
    if (running) {
      again = true
      return
    }
    running = drain()
      .catch((err: unknown) => log.warn('sending queued requests failed; retrying', err))
      .finally(() => {
        running = undefined
        if (again) {
          again = false
          wake()
        }
      })
  }

  const listener = createListener({
    connectionString: ctx.adminDatabaseUrl,
    applicationName: 'stack-net-worker',
    channels: ['net_request'],
    log,
    onNotification: wake,
    onReconnect: wake,
  })

  return {
    name: 'net',
    async start() {
      await listener.start()
      timer = setInterval(wake, 1000)
      timer.unref()
      wake()
    },
    async stop() {
      stopped = true
      clearInterval(timer)
      await listener.stop()
      await running
    },
  }
}
