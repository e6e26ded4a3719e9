// How REST frames its answers on a kept-alive connection: a body carries its length in
// bytes (not characters), so several answers with multi-byte text follow each other on one
// socket intact, as supabase-js in a long-lived page reads them.
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, stackEnv, unique } from '../../support/clients.ts'

const table = unique('rest_framing')
const NOTES = ['Crème brûlée ☕', '日本語のメモ', 'plain ascii', '🚚 on its way']

beforeAll(async () => {
  await sql().query(`
    create table public.${table} (id int primary key, note text not null);
    grant select on public.${table} to service_role;
    insert into public.${table} values ${NOTES.map((n, i) => `(${i + 1}, '${n}')`).join(', ')};`)
})
afterAll(() => sql().query(`drop table if exists public.${table}`))

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
  socket: unknown
}

function get(agent: http.Agent, path: string, method = 'GET'): Promise<Answer> {
  const env = stackEnv()
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${env.apiUrl}/rest/v1/${path}`,
      {
        agent,
        method,
        headers: { apikey: env.serviceRoleKey, authorization: `Bearer ${env.serviceRoleKey}` },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', reject)
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: Buffer.concat(chunks),
            socket: req.socket,
          }),
        )
      },
    )
    req.on('error', reject)
    req.end()
  })
}

describe('REST response framing', () => {
  it('gives each body its byte length and keeps the connection usable for the next answer', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    try {
      const answers: Answer[] = []
      for (let i = 1; i <= NOTES.length; i++)
        answers.push(await get(agent, `${table}?select=note&id=lte.${i}&order=id`))
      answers.forEach((a, i) => {
        expect(a.status).toBe(200)
        expect(a.headers['transfer-encoding']).toBeUndefined()
        expect(Number(a.headers['content-length'])).toBe(a.body.length)
        expect(JSON.parse(a.body.toString('utf8'))).toEqual(NOTES.slice(0, i + 1).map((note) => ({ note })))
      })
      // Multi-byte text makes bytes and characters differ: the length counted bytes.
      const last = answers.at(-1)!
      expect(last.body.length).toBeGreaterThan(last.body.toString('utf8').length)
      // One socket carried every answer (maxSockets 1 and keep-alive): none was cut short or overran.
      expect(new Set(answers.map((a) => a.socket)).size).toBe(1)
      // A HEAD answer has no body; the next answer still reads whole.
      const head = await get(agent, `${table}?select=note`, 'HEAD')
      expect(head.status).toBe(200)
      expect(head.body.length).toBe(0)
      const after = await get(agent, `${table}?select=note&id=eq.2`)
      expect(JSON.parse(after.body.toString('utf8'))).toEqual([{ note: NOTES[1] }])
    } finally {
      agent.destroy()
    }
  })
})
