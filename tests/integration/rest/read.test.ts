// Reads through supabase-js, each compared with what the same question gives in SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { serviceClient, sql, stackEnv } from '../../support/clients.ts'
import { loadConfig } from '../../../stack/shared/config.ts'
import { createFixture, dropFixture, type Fixture } from './fixtures.ts'

let f: Fixture
let db: SupabaseClient

beforeAll(async () => {
  f = await createFixture('rest_read')
  await sql().query(`
    insert into public.${f.authors} (id, name, email, tags, meta, rating) values
      (1, 'Ada', 'ada@example.com', '{math,code}', '{"city": "London", "born": 1815}', 4.5),
      (2, 'Grace', 'grace@example.com', '{code,navy}', '{"city": "New York", "born": 1906}', 4.9),
      (3, 'Alan', null, '{math}', null, null),
      (4, 'Edsger O''Neil', 'e@example.com', '{}', '{"city": "Austin"}', 3);
    insert into public.${f.books} (author_id, title, pages, published) values
      (1, 'Notes on the engine', 50, true), (1, 'Letters', 200, false),
      (2, 'Compilers for all', 300, true), (3, 'Computable numbers', 36, true);
  `)
  db = serviceClient()
})
afterAll(() => dropFixture(f))

const ids = (rows: Array<{ id: number }> | null) => rows?.map((r) => r.id)
async function sqlIds(where: string, tail = 'order by id'): Promise<number[]> {
  const { rows } = await sql().query<{ id: string }>(
    `select id from public.${f.authors} where ${where} ${tail}`,
  )
  return rows.map((r) => Number(r.id))
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table of filters; postgrest-js's generics add nothing here
type Q = any

describe('REST reads', () => {
  it('selects columns with aliases, casts and JSON paths', async () => {
    const { data, error } = await db
      .from(f.authors)
      .select('id, who:name, rating::text, city:meta->>city, born:meta->born')
      .eq('id', 1)
      .single()
    expect(error).toBeNull()
    expect(data).toEqual({ id: 1, who: 'Ada', rating: '4.5', city: 'London', born: 1815 })
  })

  it.each([
    ['eq', (q: Q) => q.eq('name', 'Ada'), `name = 'Ada'`],
    ['neq', (q: Q) => q.neq('name', 'Ada'), `name <> 'Ada'`],
    ['gt / lte', (q: Q) => q.gt('rating', 3).lte('rating', 4.5), 'rating > 3 and rating <= 4.5'],
    ['like', (q: Q) => q.like('name', 'A%'), `name like 'A%'`],
    ['ilike', (q: Q) => q.ilike('name', '%a%'), `name ilike '%a%'`],
    ['match', (q: Q) => q.match({ name: 'Grace' }), `name = 'Grace'`],
    ['is null', (q: Q) => q.is('email', null), 'email is null'],
    ['not is null', (q: Q) => q.not('email', 'is', null), 'email is not null'],
    [
      'in (with a quote)',
      (q: Q) => q.in('name', ['Ada', "Edsger O'Neil"]),
      `name in ('Ada', 'Edsger O''Neil')`,
    ],
    ['contains', (q: Q) => q.contains('tags', ['code']), `tags @> '{code}'`],
    ['contained by', (q: Q) => q.containedBy('tags', ['math', 'code']), `tags <@ '{math,code}'`],
    ['overlaps', (q: Q) => q.overlaps('tags', ['navy', 'x']), `tags && '{navy,x}'`],
    ['jsonb contains', (q: Q) => q.contains('meta', { city: 'London' }), `meta @> '{"city":"London"}'`],
    ['or', (q: Q) => q.or('name.eq.Ada,rating.gt.4.8'), `name = 'Ada' or rating > 4.8`],
    [
      'nested and in or',
      (q: Q) => q.or('name.eq.Alan,and(rating.gt.4,tags.cs.{navy})'),
      `name = 'Alan' or (rating > 4 and tags @> '{navy}')`,
    ],
    ['not', (q: Q) => q.not('name', 'in', '("Ada","Alan")'), `name not in ('Ada', 'Alan')`],
    ['imatch', (q: Q) => q.filter('name', 'imatch', '^a'), `name ~* '^a'`],
  ])('filter %s gives the rows SQL gives', async (_name, apply, where) => {
    const { data, error } = await apply(db.from(f.authors).select('id').order('id'))
    expect(error).toBeNull()
    expect(ids(data)).toEqual(await sqlIds(where))
  })

  it('full-text search on a tsvector column', async () => {
    const { data } = await db
      .from(f.books)
      .select('title')
      .textSearch('search', 'compilers', { config: 'english' })
    expect(data).toEqual([{ title: 'Compilers for all' }])
    const { data: web } = await db
      .from(f.books)
      .select('title')
      .textSearch('search', 'computable numbers', { type: 'websearch' })
    expect(web).toEqual([{ title: 'Computable numbers' }])
  })

  it('orders with direction and nulls placement, limits and offsets', async () => {
    const { data } = await db
      .from(f.authors)
      .select('id')
      .order('rating', { ascending: false, nullsFirst: true })
      .range(0, 2)
    expect(ids(data)).toEqual(await sqlIds('true', 'order by rating desc nulls first limit 3'))
    const { data: page } = await db.from(f.authors).select('id').order('id').range(1, 2)
    expect(ids(page)).toEqual([2, 3])
  })

  it('counts exactly with Content-Range and 206 for a partial page', async () => {
    const res = await db.from(f.authors).select('id', { count: 'exact' }).order('id').limit(2)
    expect(res.count).toBe(4)
    expect(res.status).toBe(206)
    const head = await db.from(f.authors).select('*', { count: 'exact', head: true }).eq('name', 'Ada')
    expect(head.count).toBe(1)
    expect(head.data).toBeNull()
  })

  it('embeds one-to-many and many-to-one, with filters, order and limit inside the embedding', async () => {
    const { data } = await db
      .from(f.authors)
      .select(`name, books:${f.books}(title, pages)`)
      .eq('id', 1)
      .order('pages', { referencedTable: 'books', ascending: false })
      .limit(1, { referencedTable: 'books' })
      .single()
    expect(data).toEqual({ name: 'Ada', books: [{ title: 'Letters', pages: 200 }] })
    const { data: book } = await db
      .from(f.books)
      .select(`title, author:${f.authors}(name)`)
      .eq('title', 'Letters')
      .single()
    expect(book).toEqual({ title: 'Letters', author: { name: 'Ada' } })
    const { data: filtered } = await db
      .from(f.authors)
      .select(`id, ${f.books}(title)`)
      .eq(`${f.books}.published`, true)
      .eq('id', 1)
      .single()
    expect(filtered).toEqual({ id: 1, [f.books]: [{ title: 'Notes on the engine' }] })
  })

  it('!inner drops parents without a matching embedded row', async () => {
    const { data } = await db
      .from(f.authors)
      .select(`id, ${f.books}!inner(title)` as '*')
      .eq(`${f.books}.published`, true)
      .order('id')
    expect(ids(data)).toEqual([1, 2, 3])
  })

  it('orders parents by an embedded to-one column', async () => {
    const { data } = await db
      .from(f.books)
      .select(`title, ${f.authors}(name)` as '*')
      .order(`${f.authors}(name)`)
      .order('id')
    expect(data?.map((b) => b.title)).toEqual([
      'Notes on the engine',
      'Letters',
      'Computable numbers',
      'Compilers for all',
    ])
  })

  it('a single object: 406 PGRST116 when not exactly one row; maybeSingle gives null for none', async () => {
    const many = await db.from(f.authors).select('id').single()
    expect(many.status).toBe(406)
    expect(many.error?.code).toBe('PGRST116')
    const none = await db.from(f.authors).select('id').eq('id', 999).maybeSingle()
    expect(none.error).toBeNull()
    expect(none.data).toBeNull()
  })

  it('CSV output quotes as PostgREST does (Postgres record text: spaces, commas, quotes)', async () => {
    const { data } = await db.from(f.authors).select('id, name').in('id', [1, 4]).order('id').csv()
    expect(data).toBe(`id,name\n1,Ada\n4,"Edsger O'Neil"`)
  })

  it('max_rows caps a read, also one that asks for more', async () => {
    const { maxRows } = loadConfig().api
    const many = `${f.authors}_many`
    await sql().query(`
      create table public.${many} (id int primary key);
      alter table public.${many} enable row level security;
      grant select on public.${many} to service_role;
      insert into public.${many} select generate_series(1, ${maxRows + 5});
    `)
    try {
      const asked = await db
        .from(many)
        .select('id', { count: 'exact' })
        .order('id')
        .limit(maxRows + 5)
      expect(asked.error).toBeNull()
      expect(asked.count).toBe(maxRows + 5)
      expect(asked.data).toHaveLength(maxRows)
      expect(asked.data!.at(-1)).toEqual({ id: maxRows })
      const { data } = await db.from(many).select('id')
      expect(data).toHaveLength(maxRows)
    } finally {
      await sql().query(`drop table public.${many}`)
    }
  })

  it('the OpenAPI description lists the table and its columns', async () => {
    const res = await fetch(`${stackEnv().apiUrl}/rest/v1/`, {
      headers: { apikey: stackEnv().serviceRoleKey },
    })
    const doc = (await res.json()) as {
      swagger: string
      paths: Record<string, unknown>
      definitions: Record<string, { properties: Record<string, unknown> }>
    }
    expect(doc.swagger).toBe('2.0')
    expect(doc.paths[`/${f.authors}`]).toBeDefined()
    expect(Object.keys(doc.definitions[f.authors]!.properties)).toContain('email')
  })
})
