// A request queued while the stack is down is sent when it starts again.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { expect, it } from 'vitest'
import { startStack } from '../../../stack/stack.ts'
import { freePort } from '../../../stack/ports.ts'
import { startEmbeddedPostgres } from '../../../stack/postgres/embedded.ts'
import { createLogger } from '../../../stack/shared/log.ts'

it('pg_net keeps queued requests across a stack restart', async () => {
  const hits: string[] = []
  const server = http.createServer((req, res) => {
    hits.push(req.url!)
    res.end('ok')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/queued`
  const dataDir = await mkdtemp(path.join(tmpdir(), 'net-restart-'))
  const ports = { api: await freePort(), db: await freePort(), mail: await freePort() }
  try {
    await (await startStack({ dataDir, ports, onProgress: () => {} })).stop()
    // Only Postgres is up, as if the stack died: the request is committed but nobody sends it.
    const postgres = await startEmbeddedPostgres({ dataDir, port: ports.db, log: createLogger('test') })
    const db = new pg.Client({ connectionString: postgres.url })
    await db.connect()
    const { rows } = await db.query('select net.http_get($1) as id', [target])
    await db.end()
    await postgres.stop()
    expect(hits).toEqual([])

    const stack = await startStack({ dataDir, ports, onProgress: () => {} })
    try {
      const check = new pg.Client({ connectionString: stack.databaseUrl })
      await check.connect()
      let recorded: unknown[] = []
      for (let i = 0; i < 50 && !recorded.length; i++) {
        await new Promise((r) => setTimeout(r, 100))
        recorded = (
          await check.query('select status_code from net._http_response where id = $1', [rows[0].id])
        ).rows
      }
      await check.end()
      expect(recorded).toEqual([{ status_code: 200 }])
      expect(hits).toEqual(['/queued'])
    } finally {
      await stack.stop()
    }
  } finally {
    await new Promise((r) => server.close(r))
    await rm(dataDir, { recursive: true, force: true })
  }
}, 60_000)
