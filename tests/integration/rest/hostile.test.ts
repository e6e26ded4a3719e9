// Hostile input gets PostgREST's 4xx shapes: no SQL runs from it, no row outside RLS, no
// stack trace, and the server keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, stackEnv } from '../../support/clients.ts'
import { createFixture, dropFixture, type Fixture } from './fixtures.ts'

let f: Fixture
beforeAll(async () => {
  f = await createFixture('rest_hostile')
  await sql().query(`insert into public.${f.authors} (name) values ('only')`)
})
afterAll(() => dropFixture(f))

function rest(path: string, init: RequestInit = {}) {
  const env = stackEnv()
  return fetch(`${env.apiUrl}/rest/v1/${path}`, {
    ...init,
    headers: {
      apikey: env.serviceRoleKey,
      authorization: `Bearer ${env.serviceRoleKey}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  })
}

const hostile = [
  (t: string) => `${t}?select=name;drop table ${t}`,
  (t: string) => `${t}?select=name,(select 1)`,
  (t: string) => `${t}?nam"e=eq.x`,
  (t: string) => `${t}?name=evil.x`,
  (t: string) => `${t}?or=(name.eq.x,id.gt.0);select`,
  (t: string) => `${t}?order=name;drop`,
  (t: string) => `${t}?order=pg_sleep(10)`,
  (t: string) => `${t}?select=name::text;drop`,
  (t: string) => `${t}?select=pg_read_file('/etc/passwd')`,
  (t: string) => `${t}?select=${encodeURIComponent('*,x:pg_authid(*)')}`,
  () => `pg_authid?select=*`,
  () => `rpc/pg_sleep?seconds=10`,
]

describe('hostile input', () => {
  it.each(hostile.map((h, i) => [i, h]))(
    'case %i gets a 4xx in PostgREST shape and changes nothing',
    async (_i, make) => {
      const res = await rest(make(f.authors))
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
      const body = (await res.json()) as Record<string, unknown>
      expect(Object.keys(body).sort()).toEqual(['code', 'details', 'hint', 'message'])
      expect(JSON.stringify(body)).not.toMatch(/\.ts:\d+|node_modules|at async/)
      expect((await sql().query(`select count(*)::int as n from public.${f.authors}`)).rows[0]).toEqual({
        n: 1,
      })
    },
  )

  it.each([`x'; drop table rest_hostile_authors; --`, 'x)or(1=1', `only' or '1'='1`])(
    'the filter value %s is data: no rows',
    async (value) => {
      const res = await rest(`${f.authors}?select=name&name=eq.${encodeURIComponent(value)}`)
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual([])
    },
  )

  it('quotes and semicolons in values are data, not SQL', async () => {
    const evil = `O'Brien"; drop table ${f.authors}; --`
    const ins = await rest(f.authors, {
      method: 'POST',
      body: JSON.stringify({ name: evil }),
      headers: { prefer: 'return=representation' },
    })
    expect(ins.status).toBe(201)
    const res = await rest(`${f.authors}?select=name&name=eq.${encodeURIComponent(evil)}`)
    expect(await res.json()).toEqual([{ name: evil }])
    await sql().query(`delete from public.${f.authors} where name <> 'only'`)
  })

  it('a limit that is not a number is ignored, as PostgREST ignores it, and runs nothing', async () => {
    const res = await rest(`${f.authors}?select=name&limit=${encodeURIComponent('1;drop table x')}`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual([{ name: 'only' }])
  })

  it('broken JSON is 400 PGRST102', async () => {
    const res = await rest(f.authors, { method: 'POST', body: '{"name": ' })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ code: 'PGRST102' })
  })

  it('a 10 MB body is refused with 413 and the server keeps serving', async () => {
    const res = await rest(f.authors, {
      method: 'POST',
      body: JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024) }),
    })
    expect(res.status).toBe(413)
    expect((await rest(`${f.authors}?select=name`)).status).toBe(200)
  })

  it('a schema outside [api] schemas is refused with 406 PGRST106', async () => {
    const res = await rest(`users?select=*`, { headers: { 'accept-profile': 'auth' } })
    expect(res.status).toBe(406)
    expect(await res.json()).toMatchObject({ code: 'PGRST106' })
  })

  it('a bad token is 401 PGRST301, an expired one 401 PGRST303', async () => {
    const bad = await rest(`${f.authors}?select=name`, { headers: { authorization: 'Bearer not.a.jwt' } })
    expect(bad.status).toBe(401)
    expect(await bad.json()).toMatchObject({ code: 'PGRST301' })
  })
})
