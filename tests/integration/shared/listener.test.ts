// The stack's LISTEN connection (stack/shared/listener.ts) against the real database, reached
// through a TCP relay the test can cut and refuse: it must come back on its own, also when
// its first reconnects fail, and tell its owner to catch up on what was sent meanwhile.
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createListener, type Listener } from '../../../stack/shared/listener.ts'
import { createLogger } from '../../../stack/shared/log.ts'
import { sql, stackEnv, unique } from '../../support/clients.ts'

/** A relay to Postgres that can drop every connection and refuse new ones until reopened. */
async function relay(target: URL) {
  const sockets = new Set<net.Socket>()
  let refusing = false
  let accepted = 0
  const server = net.createServer((inbound) => {
    if (refusing) return void inbound.destroy()
    accepted++
    const outbound = net.connect(Number(target.port), target.hostname)
    for (const s of [inbound, outbound]) {
      sockets.add(s)
      s.on('error', () => {})
      s.on('close', () => sockets.delete(s))
    }
    inbound.pipe(outbound).pipe(inbound)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = new URL(target)
  url.port = String((server.address() as net.AddressInfo).port)
  return {
    url: url.toString(),
    accepted: () => accepted,
    cut(refuse: boolean) {
      refusing = refuse
      for (const s of sockets) s.destroy()
    },
    reopen: () => (refusing = false),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

const quiet = { ...createLogger('test'), warn: () => {}, info: () => {} }

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('the reconnecting LISTEN client', () => {
  let stop: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const s of stop) await s()
    stop = []
  })

  async function start() {
    const r = await relay(new URL(stackEnv().databaseUrl))
    const channel = unique('listen_')
    const heard: string[] = []
    let reconnects = 0
    const listener: Listener = createListener({
      connectionString: r.url,
      applicationName: 'listener-test',
      channels: [channel],
      log: quiet,
      minDelayMs: 20,
      maxDelayMs: 200,
      onNotification: (n) => heard.push(n.payload ?? ''),
      onReconnect: () => reconnects++,
    })
    await listener.start()
    stop.push(
      () => listener.stop(),
      () => r.close(),
    )
    const notify = (payload: string) => sql().query('select pg_notify($1, $2)', [channel, payload])
    return { r, listener, heard, notify, reconnects: () => reconnects }
  }

  it('hears notifications, and hears them again after the connection is cut', async () => {
    const { r, heard, notify, reconnects } = await start()
    await notify('before')
    await until(() => heard.includes('before'), 'the first notification')
    r.cut(false)
    await until(() => reconnects() === 1, 'the reconnect')
    await notify('after')
    await until(() => heard.includes('after'), 'a notification after the reconnect')
  })

  it('keeps trying when reconnects fail, then says so to catch up', async () => {
    const { r, listener, heard, notify, reconnects } = await start()
    r.cut(true)
    await until(async () => !(await listener.sync()), 'the loss to be seen')
    const acceptedBefore = r.accepted()
    // Sent while nobody listens: never delivered, which is why onReconnect exists.
    await notify('missed')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(reconnects()).toBe(0)
    expect(r.accepted()).toBe(acceptedBefore)
    r.reopen()
    await until(() => reconnects() === 1, 'the reconnect after refused tries')
    expect(await listener.sync()).toBe(true)
    await notify('back')
    await until(() => heard.includes('back'), 'a notification once back')
    expect(heard).not.toContain('missed')
  })
})
