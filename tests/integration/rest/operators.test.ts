// Operators the query language has beyond the basics, each compared with what the same
// condition gives in SQL: range operators (nxl/nxr the right way round), like/ilike with
// any/all, isdistinct, is.not_null, full-text search on a text column.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { serviceClient, sql } from '../../support/clients.ts'
import { createLanguageFixture, type LanguageFixture } from './language.fixture.ts'

let f: LanguageFixture
let db: SupabaseClient
let p: string
beforeAll(async () => {
  f = await createLanguageFixture('rest_ops')
  p = f.p
  db = serviceClient()
})
afterAll(() => f.drop())

async function sqlIds(table: string, where: string): Promise<number[]> {
  const { rows } = await sql().query<{ id: number }>(
    `select id from public.${p}_${table} where ${where} order by id`,
  )
  return rows.map((r) => r.id)
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table of filters; the typed builder adds nothing here
type Q = any
const ids = (rows: unknown) => (rows as Array<{ id: number }>).map((r) => r.id)

describe('range operators', () => {
  it.each([
    [
      'rangeLte (nxr: does not extend to the right of)',
      (q: Q) => q.rangeLte('during', '[6,9)'),
      `during &< '[6,9)'`,
      [1],
    ],
    [
      'rangeGte (nxl: does not extend to the left of)',
      (q: Q) => q.rangeGte('during', '[6,9)'),
      `during &> '[6,9)'`,
      [3],
    ],
    ['rangeLt (sl)', (q: Q) => q.rangeLt('during', '[6,9)'), `during << '[6,9)'`, [1]],
    ['rangeGt (sr)', (q: Q) => q.rangeGt('during', '[2,4)'), `during >> '[2,4)'`, [2, 3]],
    ['rangeAdjacent (adj)', (q: Q) => q.rangeAdjacent('during', '[10,20)'), `during -|- '[10,20)'`, [2]],
    ['overlaps a range (ov)', (q: Q) => q.overlaps('during', '[9,9]'), `during && '[9,9]'`, [2, 3]],
  ])('%s', async (_name, apply, where, expected) => {
    const { data, error } = await apply(db.from(`${p}_bookings`).select('id').order('id'))
    expect(error).toBeNull()
    expect(ids(data)).toEqual(await sqlIds('bookings', where))
    expect(ids(data)).toEqual(expected)
  })
})

describe('quantified and other operators', () => {
  it.each([
    ['likeAnyOf', (q: Q) => q.likeAnyOf('name', ['A%', '%er']), `name like any('{A%,%er}')`],
    ['likeAllOf', (q: Q) => q.likeAllOf('name', ['A%', '%a']), `name like all('{A%,%a}')`],
    ['ilikeAnyOf', (q: Q) => q.ilikeAnyOf('name', ['g%', '%LAN']), `name ilike any('{g%,%LAN}')`],
    ['ilikeAllOf', (q: Q) => q.ilikeAllOf('name', ['%a%', '%d%']), `name ilike all('{%a%,%d%}')`],
    ['eq(any)', (q: Q) => q.filter('id', 'eq(any)', '{1,3}'), `id = any('{1,3}')`],
    ['gt(all)', (q: Q) => q.filter('id', 'gt(all)', '{1,2}'), `id > all('{1,2}')`],
    ['isdistinct', (q: Q) => q.filter('manager_id', 'isdistinct', '1'), `manager_id is distinct from 1`],
    ['is.not_null', (q: Q) => q.filter('manager_id', 'is', 'not_null'), `manager_id is not null`],
    ['not.is.null', (q: Q) => q.not('details', 'is', null), `details is not null`],
    ['json path', (q: Q) => q.eq('details->>city', 'London'), `details->>'city' = 'London'`],
    [
      'fts on a text column',
      (q: Q) => q.textSearch('name', 'grace'),
      `to_tsvector(name) @@ to_tsquery('grace')`,
    ],
  ])('%s gives the rows SQL gives', async (_name, apply, where) => {
    const { data, error } = await apply(db.from(`${p}_people`).select('id').order('id'))
    expect(error).toBeNull()
    expect(ids(data)).toEqual(await sqlIds('people', where))
    expect(ids(data).length).toBeGreaterThan(0)
  })
})
