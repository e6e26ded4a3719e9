// Writes and RPC through supabase-js, checked against the table afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { serviceClient, sql } from '../../support/clients.ts'
import { createFixture, dropFixture, type Fixture } from './fixtures.ts'

let f: Fixture
let db: SupabaseClient

beforeAll(async () => {
  f = await createFixture('rest_write')
  await sql().query(`
    create or replace function public.rest_write_add(a int, b int default 10) returns int language sql immutable as $$ select a + b $$;
    create or replace function public.rest_write_authors_named(prefix text) returns setof public.${f.authors}
      language sql stable as $$ select * from public.${f.authors} where name like prefix || '%' $$;
    create or replace function public.rest_write_stats() returns table (total bigint, rated bigint)
      language sql stable as $$ select count(*), count(rating) from public.${f.authors} $$;
    create or replace function public.rest_write_fail() returns void language plpgsql as $$
      begin raise exception 'Order cannot move back' using errcode = 'P0001', detail = 'shipped -> pending', hint = 'Cancel it instead'; end $$;
  `)
  db = serviceClient()
})
afterAll(async () => {
  await sql().query(
    'drop function if exists public.rest_write_add, public.rest_write_authors_named, public.rest_write_stats, public.rest_write_fail',
  )
  await dropFixture(f)
})

const count = async (where = 'true') =>
  Number((await sql().query(`select count(*) from public.${f.authors} where ${where}`)).rows[0].count)

describe('REST writes', () => {
  it('inserts one row and returns it (201), with defaults filled', async () => {
    const { data, error, status } = await db
      .from(f.authors)
      .insert({ name: 'Ida', tags: ['x'] })
      .select()
      .single()
    expect(error).toBeNull()
    expect(status).toBe(201)
    expect(data).toMatchObject({ name: 'Ida', tags: ['x'], email: null })
    expect(typeof data.id).toBe('number')
    expect(await count(`name = 'Ida'`)).toBe(1)
  })

  it('inserts many rows at once; return=minimal gives no body', async () => {
    const res = await db.from(f.authors).insert([{ name: 'M1' }, { name: 'M2', rating: 2 }])
    expect(res.status).toBe(201)
    expect(res.data).toBeNull()
    expect(await count(`name in ('M1','M2')`)).toBe(2)
  })

  it('missing=default leaves absent columns to their DEFAULT', async () => {
    const { data } = await db
      .from(f.authors)
      .insert([{ name: 'D1', tags: ['t'] }, { name: 'D2' }], { defaultToNull: false })
      .select('name, tags')
    expect(data).toEqual([
      { name: 'D1', tags: ['t'] },
      { name: 'D2', tags: [] },
    ])
  })

  it('upserts: merge-duplicates updates, ignore-duplicates keeps the row', async () => {
    await db.from(f.authors).insert({ name: 'U', email: 'u@example.com' })
    const merged = await db
      .from(f.authors)
      .upsert({ name: 'U2', email: 'u@example.com' }, { onConflict: 'email' })
      .select('name')
    expect(merged.data).toEqual([{ name: 'U2' }])
    const ignored = await db
      .from(f.authors)
      .upsert({ name: 'U3', email: 'u@example.com' }, { onConflict: 'email', ignoreDuplicates: true })
      .select('name')
    expect(ignored.data).toEqual([])
    expect(
      (await sql().query(`select name from public.${f.authors} where email = 'u@example.com'`)).rows,
    ).toEqual([{ name: 'U2' }])
  })

  it('updates with filters and returns the changed rows', async () => {
    await db.from(f.authors).insert([
      { name: 'P1', rating: 1 },
      { name: 'P2', rating: 1 },
      { name: 'P3', rating: 5 },
    ])
    const { data, error } = await db
      .from(f.authors)
      .update({ rating: 2 })
      .in('name', ['P1', 'P2'])
      .select('name, rating')
      .order('name')
    expect(error).toBeNull()
    expect(data).toEqual([
      { name: 'P1', rating: 2 },
      { name: 'P2', rating: 2 },
    ])
    expect(await count(`name = 'P3' and rating = 5`)).toBe(1)
  })

  it('deletes with filters; returns the deleted rows when asked', async () => {
    await db.from(f.authors).insert([{ name: 'X1' }, { name: 'X2' }])
    const { data } = await db.from(f.authors).delete().eq('name', 'X1').select('name')
    expect(data).toEqual([{ name: 'X1' }])
    expect(await count(`name like 'X%'`)).toBe(1)
  })

  it('maps constraint errors as PostgREST does: unique 409, check 400, foreign key 409', async () => {
    await db.from(f.authors).insert({ name: 'C', email: 'c@example.com' })
    const dup = await db.from(f.authors).insert({ name: 'C2', email: 'c@example.com' })
    expect(dup.status).toBe(409)
    expect(dup.error).toMatchObject({ code: '23505' })
    expect(dup.error?.details).toContain('c@example.com')
    const bad = await db.from(f.books).insert({ author_id: 999999, title: 't' })
    expect(bad.status).toBe(409)
    expect(bad.error?.code).toBe('23503')
    const { data: a } = await db.from(f.authors).select('id').eq('name', 'C').single()
    const check = await db.from(f.books).insert({ author_id: a!.id, title: 't', pages: 0 })
    expect(check.status).toBe(400)
    expect(check.error?.code).toBe('23514')
  })

  it('refuses unknown columns with PGRST204 and writes nothing', async () => {
    const before = await count()
    const { error, status } = await db.from(f.authors).insert({ name: 'Z', nope: 1 })
    expect(status).toBe(400)
    expect(error?.code).toBe('PGRST204')
    expect(await count()).toBe(before)
  })
})

describe('REST RPC', () => {
  it('calls a scalar function with named arguments and defaults, by POST and GET', async () => {
    expect((await db.rpc('rest_write_add', { a: 1, b: 2 })).data).toBe(3)
    expect((await db.rpc('rest_write_add', { a: 1 }, { get: true })).data).toBe(11)
  })

  it('filters and orders a set-returning function', async () => {
    await db.from(f.authors).insert([{ name: 'Rpc-b' }, { name: 'Rpc-a' }])
    const { data } = await db.rpc('rest_write_authors_named', { prefix: 'Rpc-' }).select('name').order('name')
    expect(data).toEqual([{ name: 'Rpc-a' }, { name: 'Rpc-b' }])
    const { data: stats } = await db.rpc('rest_write_stats').single()
    expect(stats).toMatchObject({ total: expect.any(Number) })
  })

  it('turns a raised exception into 400 with its message, detail and hint', async () => {
    const { error, status } = await db.rpc('rest_write_fail')
    expect(status).toBe(400)
    expect(error).toMatchObject({
      code: 'P0001',
      message: 'Order cannot move back',
      details: 'shipped -> pending',
      hint: 'Cancel it instead',
    })
  })

  it('an unknown function is 404 PGRST202', async () => {
    const { error, status } = await db.rpc('rest_write_nope', { a: 1 })
    expect(status).toBe(404)
    expect(error?.code).toBe('PGRST202')
  })
})
