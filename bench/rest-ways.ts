// The ways the REST benchmark runs a workload besides supabase-js: the direct SQL baseline,
// a plain keep-alive client on Node's own `http` module, and the HTTP floor server.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import http from 'node:http'
import { decodeJwt } from 'jose'
import pg from 'pg'
import { authenticatorUrl as restLogin } from '../stack/rest/db/pool.ts'
import { exchange } from '../stack/rest/db/exchange.ts'
import { loadConfig } from '../stack/shared/config.ts'

/** The stack's database URL, logged in as authenticator as REST is. */
export const authenticatorUrl = (databaseUrl: string) => restLogin(databaseUrl, loadConfig().rest)

/**
 * The baseline: the same query as the same role and claims in the same kind of transaction,
 * straight through pg with every trick REST uses: logged in as authenticator, begin + one
 * set_config statement (role, claims, search path, the role's statement_timeout) + the query
 * + commit written at once and answered at once (REST's own exchange: one Sync, one round
 * trip), both statements prepared (named) per connection. Like supabase-js for REST, pg
 * parses the JSON it gets back, so both callers end up holding the same objects.
 */
export function direct(pool: pg.Pool, token: string, sql: string, name: string) {
  const claims = JSON.stringify(decodeJwt(token))
  const context = `select set_config('search_path', '"public", "extensions"', true), set_config('statement_timeout', '8s', true),
    set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`
  const prepared = new WeakSet<object>()
  return async () => {
    const c = await pool.connect()
    try {
      const parse = !prepared.has(c)
      const [result] = await exchange(c, [
        { text: 'begin read only', parse: true, collect: false },
        { name: `${name}_context`, text: context, values: [claims], parse, collect: false },
        { name, text: sql, parse, collect: true },
        { text: 'commit', parse: true, collect: false },
      ])
      prepared.add(c)
      if (!result?.rows[0]) throw new Error('no result')
    } finally {
      c.release()
    }
  }
}

/**
 * The same GET as supabase-js sends (apikey, bearer token, Accept-Profile), through Node's
 * own `http` client on keep-alive connections, the body parsed as JSON: a client about as
 * thin as pg is for the baseline, to tell the client's cost from the server's.
 */
export function nodeHttp(o: { url: string; apikey: string; token: string; concurrency: number }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency })
  const url = new URL(o.url)
  const headers = {
    apikey: o.apikey,
    authorization: `Bearer ${o.token}`,
    'accept-profile': 'public',
    accept: 'application/json',
  }
  const get = () =>
    new Promise<unknown>((resolve, reject) => {
      const req = http.request(url, { agent, headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', reject)
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}`))
          else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
        })
      })
      req.on('error', reject)
      req.end()
    })
  return { get, close: () => agent.destroy() }
}

/**
 * The HTTP floor: a server (its own process) that answers at once with the bytes REST
 * answered, no database. No REST API can be faster than this with the same client and HTTP.
 */
export async function httpFloor(body: string): Promise<{ url: string; pid: number; stop: () => void }> {
  const code = `const body = Buffer.from(process.env.FLOOR_BODY)
    require('http').createServer((q, s) => { s.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length }); s.end(body) })
    .listen(0, '127.0.0.1', function () { console.log(this.address().port) })`
  const child = spawn(process.execPath, ['-e', code], {
    env: { FLOOR_BODY: body },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [port] = (await once(child.stdout!, 'data')) as [Buffer]
  return { url: `http://127.0.0.1:${String(port).trim()}`, pid: child.pid!, stop: () => child.kill() }
}
