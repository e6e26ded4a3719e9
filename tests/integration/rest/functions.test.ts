// RPC as PostgREST 13 does it, through supabase-js: overloads chosen by argument names,
// a single unnamed parameter taking the body, row-typed arguments, counts, void, and the
// PGRST202 / PGRST203 bodies field by field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { serviceClient, stackEnv } from '../../support/clients.ts'
import { createLanguageFixture, type LanguageFixture } from './language.fixture.ts'

let f: LanguageFixture
let db: SupabaseClient
let p: string
beforeAll(async () => {
  f = await createLanguageFixture('rest_fn')
  p = f.p
  db = serviceClient()
})
afterAll(() => f.drop())

const rpcFetch = (fn: string, init: RequestInit & { search?: string } = {}) =>
  fetch(`${stackEnv().apiUrl}/rest/v1/rpc/${fn}${init.search ?? ''}`, {
    ...init,
    headers: {
      apikey: stackEnv().serviceRoleKey,
      authorization: `Bearer ${stackEnv().serviceRoleKey}`,
      ...init.headers,
    },
  })

describe('calling functions', () => {
  it('picks the overload by argument names, by POST and by GET', async () => {
    expect((await db.rpc(`${p}_add`, { a: 1, b: 2 })).data).toBe(3)
    expect((await db.rpc(`${p}_add`, { a: 1, b: 2, c: 3 })).data).toBe(6)
    expect((await db.rpc(`${p}_add`, { a: 1, b: 2, c: 3 }, { get: true })).data).toBe(6)
  })

  it('gives a single unnamed parameter the body: JSON as is, text/plain as text, {"": x} as its JSON text', async () => {
    expect((await db.rpc(`${p}_echo_json`, { x: 1, y: [true] })).data).toEqual({ x: 1, y: [true] })
    const text = await rpcFetch(`${p}_echo`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'plain words',
    })
    expect(text.status).toBe(200)
    expect(await text.json()).toBe('plain words')
    const { data, error } = await db.rpc(`${p}_echo`, { '': 'foo' })
    expect(error).toBeNull()
    expect(data).toBe('{"":"foo"}')
  })

  it('takes a row-typed argument as a JSON object', async () => {
    const { data, error } = await db.rpc(`${p}_channel_messages`, { channel_row: { id: 1, slug: 'general' } })
    expect(error).toBeNull()
    expect((data as Array<{ id: number }>).map((m) => m.id)).toEqual([1, 2, 4])
  })

  it('counts a set-returning function’s rows (count: exact) and filters, orders and embeds them', async () => {
    const { data, count, error } = await db
      .rpc(`${p}_people_from`, { min_id: 2 }, { count: 'exact' })
      .select('name, passports:' + `${p}_passports(code)`)
      .order('id', { ascending: false })
      .limit(2)
    expect(error).toBeNull()
    expect(count).toBe(3)
    expect(data).toEqual([
      { name: 'Edsger', passports: null },
      { name: 'Alan', passports: null },
    ])
  })

  it('answers 204 for a void function', async () => {
    const res = await rpcFetch(`${p}_touch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(res.status).toBe(204)
  })

  it('refuses same-named overloads with other types: 300 PGRST203 with its hint', async () => {
    const res = await rpcFetch(`${p}_pick`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"x":1}',
    })
    expect(res.status).toBe(300)
    expect(await res.json()).toEqual({
      code: 'PGRST203',
      details: null,
      hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
      message: `Could not choose the best candidate function between: public.${p}_pick(x => integer), public.${p}_pick(x => text)`,
    })
  })

  it('refuses unknown arguments: 404 PGRST202 with PostgREST’s details and hint', async () => {
    const { error, status } = await db.rpc(`${p}_add`, { a: 1, z: 2 })
    expect(status).toBe(404)
    expect(error).toEqual({
      code: 'PGRST202',
      details: `Searched for the function public.${p}_add with parameters a, z or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
      hint: `Perhaps you meant to call the function public.${p}_add(a, b)`,
      message: `Could not find the function public.${p}_add(a, z) in the schema cache`,
    })
  })

  it('refuses max-affected with handling=strict on a function not returning a set (PGRST128)', async () => {
    // supabase-js types maxAffected() for PostgREST 13 databases only; the header is the same.
    const call = db.rpc(`${p}_add`, { a: 1, b: 2 }) as unknown as {
      maxAffected(n: number): PromiseLike<{ error: unknown; status: number }>
    }
    const { error, status } = await call.maxAffected(1)
    expect(status).toBe(400)
    expect(error).toMatchObject({
      code: 'PGRST128',
      message:
        'Function must return SETOF or TABLE when max-affected preference is used with handling=strict',
    })
  })
})
