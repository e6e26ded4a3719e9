// Attack: flooding REST with request shapes it has never seen, to grow what it keeps per
// shape (prepared statements in each database connection, cached plans). Each cache has a
// byte and count budget: a connection never holds more than 200 prepared statements,
// however many shapes arrive (also when their statements fail), and a known shape keeps
// working after the flood.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, stackEnv, unique } from '../../support/clients.ts'

const table = unique('rest_sec_flood')
const counter = unique('rest_sec_prepared')

beforeAll(async () => {
  await sql().query(`
    create table public.${table} (id int primary key, name text);
    insert into public.${table} values (1, 'one');
    grant select on public.${table} to service_role;
    create function public.${counter}() returns int language sql volatile as
      $$ select count(*)::int from pg_prepared_statements $$;
    grant execute on function public.${counter}() to service_role;`)
})
afterAll(() =>
  sql().query(`drop table if exists public.${table}; drop function if exists public.${counter}()`),
)

const get = (path: string, init: RequestInit = {}) =>
  fetch(`${stackEnv().apiUrl}/rest/v1/${path}`, {
    ...init,
    headers: { apikey: stackEnv().serviceRoleKey, authorization: `Bearer ${stackEnv().serviceRoleKey}` },
  })

describe('REST caches under a flood of new request shapes', () => {
  it('keeps each connection’s prepared statements within 200', async () => {
    // One request at a time: the pool hands back the same connection, so it sees them all.
    for (let i = 0; i < 320; i++) {
      const res = await get(`${table}?select=a${i}:id,n${'x'.repeat(i % 50)}:name`)
      expect(res.status).toBe(200)
    }
    const res = await get(`rpc/${counter}`, { method: 'POST' })
    const held = (await res.json()) as number
    expect(held).toBeGreaterThan(50)
    expect(held).toBeLessThanOrEqual(200)
    expect(await (await get(`${table}?select=id,name`)).json()).toEqual([{ id: 1, name: 'one' }])
  })

  it('keeps the bound when every new shape’s statement fails after it was prepared', async () => {
    // Parsed, then refused at Bind (22P02): the statement exists on the server although the
    // request failed, so REST must close it rather than lose track of it.
    for (let i = 0; i < 240; i++) {
      const res = await get(`${table}?select=b${i}:id&id=eq.not-a-number`)
      expect(res.status).toBe(400)
      expect(((await res.json()) as { code: string }).code).toBe('22P02')
    }
    const held = (await (await get(`rpc/${counter}`, { method: 'POST' })).json()) as number
    expect(held).toBeLessThanOrEqual(200)
    // The same shapes, with a value that binds, are parsed again and served.
    expect(await (await get(`${table}?select=b7:id&id=eq.1`)).json()).toEqual([{ b7: 1 }])
    expect(await (await get(`${table}?select=b239:id&id=eq.1`)).json()).toEqual([{ b239: 1 }])
  })
})
