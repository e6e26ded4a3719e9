// Row-level security holds through the REST API: a user reads and changes only their own
// rows, in embeddings and RPC too; anon sees nothing without a policy for anon.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { anonClient, sql, unique } from '../../support/clients.ts'
import { createFixture, dropFixture, type Fixture } from './fixtures.ts'

let f: Fixture
let ann: SupabaseClient
let bob: SupabaseClient
let annId: string
let bobAuthor: number

async function newUser(): Promise<[SupabaseClient, string]> {
  const c = anonClient()
  const { data, error } = await c.auth.signUp({
    email: `${unique('rls')}@example.com`,
    password: 'rls-password-1',
  })
  if (error) throw error
  return [c, data.user!.id]
}

beforeAll(async () => {
  f = await createFixture('rest_rls')
  await sql().query(`
    create or replace function public.rest_rls_author_names() returns setof text language sql stable security invoker
      as $$ select name from public.${f.authors} order by name $$;
  `)
  ;[ann, annId] = await newUser()
  let bobId: string
  ;[bob, bobId] = await newUser()
  const { rows } = await sql().query(
    `insert into public.${f.authors} (name, owner) values ('Ann-1', $1), ('Ann-2', $1), ('Bob-1', $2) returning id, name`,
    [annId, bobId],
  )
  bobAuthor = Number(rows.find((r) => r.name === 'Bob-1').id)
  await sql().query(
    `insert into public.${f.books} (author_id, title) select id, name || ' book' from public.${f.authors}`,
  )
})
afterAll(async () => {
  await sql().query('drop function if exists public.rest_rls_author_names')
  await dropFixture(f)
})

describe('RLS through the REST API', () => {
  it('select returns only the caller’s rows', async () => {
    const { data } = await ann.from(f.authors).select('name').order('name')
    expect(data).toEqual([{ name: 'Ann-1' }, { name: 'Ann-2' }])
  })

  it('an embedded table’s RLS applies too', async () => {
    const { data } = await ann
      .from(f.books)
      .select(`title, ${f.authors}(name)` as '*')
      .order('title')
    expect(data?.map((b) => b.title)).toEqual(['Ann-1 book', 'Ann-2 book'])
  })

  it('update and delete cannot reach another user’s rows', async () => {
    const upd = await ann.from(f.authors).update({ name: 'hacked' }).eq('id', bobAuthor).select()
    expect(upd.data).toEqual([])
    const del = await ann.from(f.authors).delete().eq('id', bobAuthor).select()
    expect(del.data).toEqual([])
    expect(
      (await sql().query(`select name from public.${f.authors} where id = $1`, [bobAuthor])).rows,
    ).toEqual([{ name: 'Bob-1' }])
  })

  it('insert and upsert as another user are refused by the policy (403, 42501)', async () => {
    const { rows } = await sql().query(`select owner from public.${f.authors} where id = $1`, [bobAuthor])
    const ins = await ann.from(f.authors).insert({ name: 'fake', owner: rows[0].owner })
    expect(ins.status).toBe(403)
    expect(ins.error?.code).toBe('42501')
    const ups = await ann.from(f.authors).upsert({ id: bobAuthor, name: 'stolen', owner: annId })
    expect(ups.error).not.toBeNull()
    expect(
      (await sql().query(`select name from public.${f.authors} where id = $1`, [bobAuthor])).rows,
    ).toEqual([{ name: 'Bob-1' }])
  })

  it('an RPC runs with the caller’s rights', async () => {
    expect((await bob.rpc('rest_rls_author_names')).data).toEqual(['Bob-1'])
  })

  it('anon sees nothing when no policy is for anon, and a forbidden write is 401', async () => {
    expect((await anonClient().from(f.authors).select('name')).data).toEqual([])
    const ins = await anonClient().from(f.authors).insert({ name: 'anon' })
    expect(ins.status).toBe(401)
    expect(ins.error?.code).toBe('42501')
  })
})
