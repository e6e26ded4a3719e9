// Writes and response shapes as PostgREST 13 answers them: upsert 201 vs 200 with its
// representation, max-affected (PGRST124, nothing changed), head with a planned count (206),
// stripped nulls, CSV quoted like Postgres record text, Preference-Applied and Location.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { serviceClient, sql, stackEnv } from '../../support/clients.ts'
import { createLanguageFixture, type LanguageFixture } from './language.fixture.ts'

let f: LanguageFixture
let db: SupabaseClient
let p: string
beforeAll(async () => {
  f = await createLanguageFixture('rest_pref')
  p = f.p
  db = serviceClient()
})
afterAll(() => f.drop())

const rest = (path: string, init: RequestInit = {}) =>
  fetch(`${stackEnv().apiUrl}/rest/v1/${path}`, {
    ...init,
    headers: {
      apikey: stackEnv().serviceRoleKey,
      authorization: `Bearer ${stackEnv().serviceRoleKey}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  })

describe('upsert', () => {
  it('answers 201 when it inserts and 200 when it only updates, with the rows asked for', async () => {
    const created = await db.from(`${p}_teams`).upsert({ id: 3, name: 'Systems' }).select()
    expect(created).toMatchObject({ status: 201, data: [{ id: 3, name: 'Systems' }] })
    const updated = await db
      .from(`${p}_teams`)
      .upsert({ id: 3, name: 'Systems 2' }, { onConflict: 'id' })
      .select()
    expect(updated).toMatchObject({ status: 200, data: [{ id: 3, name: 'Systems 2' }] })
  })

  it('returns the row when every column is part of the conflict target', async () => {
    const { status, data } = await db
      .from(`${p}_people_teams`)
      .upsert({ person_id: 1, team_id: 2 }, { onConflict: 'person_id,team_id' })
      .select()
    expect(status).toBe(200)
    expect(data).toEqual([{ person_id: 1, team_id: 2 }])
  })
})

describe('Prefer: max-affected with handling=strict', () => {
  it('refuses an update touching more rows with 400 PGRST124 and changes nothing', async () => {
    const q = db.from(`${p}_notes`).update({ extra: 'changed' }).gt('id', 0) as unknown as {
      maxAffected(n: number): PromiseLike<{ error: unknown; status: number }>
    }
    const { error, status } = await q.maxAffected(1)
    expect(status).toBe(400)
    expect(error).toEqual({
      code: 'PGRST124',
      details: 'The query affects 3 rows',
      hint: null,
      message: 'Query result exceeds max-affected preference constraint',
    })
    const { rows } = await sql().query(
      `select count(*)::int as n from public.${p}_notes where extra = 'changed'`,
    )
    expect(rows[0]).toEqual({ n: 0 })
  })

  it('lets an update within the limit through', async () => {
    const res = await rest(`${p}_notes?id=eq.1`, {
      method: 'PATCH',
      headers: { prefer: 'handling=strict, max-affected=1' },
      body: JSON.stringify({ extra: 'ok' }),
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('preference-applied')).toBe('handling=strict, max-affected=1')
  })
})

describe('counts, heads and shapes', () => {
  it('answers HEAD with a planned count below the total with 206 and the estimate', async () => {
    await sql().query(`analyze public.${p}_messages`)
    const { status, count, data } = await db
      .from(`${p}_messages`)
      .select('*', { count: 'planned', head: true })
      .limit(2)
    expect(status).toBe(206)
    expect(count).toBe(4)
    expect(data).toBeNull()
  })

  it('sends Content-Range, Content-Location and Preference-Applied for a counted read', async () => {
    const res = await rest(`${p}_people?select=id&order=id&limit=2`, { headers: { prefer: 'count=exact' } })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-range')).toBe('0-1/4')
    expect(res.headers.get('content-location')).toBe(`/${p}_people?limit=2&order=id&select=id`)
    expect(res.headers.get('preference-applied')).toBe('count=exact')
  })

  it('strips null fields for nulls=stripped', async () => {
    const { data } = await db
      .from(`${p}_people`)
      .select('id, manager_id')
      .in('id', [1, 2])
      .order('id')
      .stripNulls()
    expect(data).toEqual([{ id: 1 }, { id: 2, manager_id: 1 }])
    const res = await rest(`${p}_people?select=id,manager_id&id=eq.1`, {
      headers: { accept: 'application/vnd.pgrst.object+json;nulls=stripped' },
    })
    expect(await res.json()).toEqual({ id: 1 })
  })

  it('writes CSV as Postgres record text: quoted when needed, quotes doubled, null empty', async () => {
    const { data } = await db.from(`${p}_notes`).select('id, body, extra').in('id', [2, 3]).order('id').csv()
    expect(data).toBe(`id,body,extra\n2,"with, comma","say ""hi"""\n3,"two\nlines"," padded "`)
  })

  it('answers an insert with return=headers-only with a Location built from the primary key', async () => {
    const res = await rest(`${p}_teams`, {
      method: 'POST',
      headers: { prefer: 'return=headers-only' },
      body: JSON.stringify({ id: 9, name: 'Loc' }),
    })
    expect(res.status).toBe(201)
    expect(res.headers.get('location')).toBe(`/${p}_teams?id=eq.9`)
    expect(res.headers.get('content-range')).toBe('*/*')
  })
})

describe('single objects and response GUCs', () => {
  it('refuses a single object when the result has another number of rows (406 PGRST116)', async () => {
    const { error, status } = await db.from(`${p}_people`).select('id').gt('id', 2).single()
    expect(status).toBe(406)
    expect(error).toEqual({
      code: 'PGRST116',
      details: 'The result contains 2 rows',
      hint: null,
      message: 'Cannot coerce the result to a single JSON object',
    })
  })

  it('lets SQL set the status and headers through response.status and response.headers', async () => {
    await sql().query(`
      create function public.${p}_teapot() returns text language plpgsql as $$ begin
        perform set_config('response.status', '418', true);
        perform set_config('response.headers', '[{"x-brewed": "yes"}]', true);
        return 'short and stout';
      end $$;
      grant execute on function public.${p}_teapot() to service_role;`)
    try {
      const res = await rest(`rpc/${p}_teapot`, { method: 'POST', body: '{}' })
      expect(res.status).toBe(418)
      expect(res.headers.get('x-brewed')).toBe('yes')
      expect(await res.json()).toBe('short and stout')
    } finally {
      await sql().query(`drop function public.${p}_teapot()`)
    }
  })
})
