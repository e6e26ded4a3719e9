// Resource embedding as PostgREST 13 does it, through supabase-js: one-to-one as an object,
// many-to-many through a junction, self-references both ways, FK names and columns as
// targets, computed relationships, and the PGRST200 / PGRST201 / 42712 refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { serviceClient } from '../../support/clients.ts'
import { createLanguageFixture, type LanguageFixture } from './language.fixture.ts'

let f: LanguageFixture
let db: SupabaseClient
let p: string
beforeAll(async () => {
  f = await createLanguageFixture('rest_emb')
  p = f.p
  db = serviceClient()
})
afterAll(() => f.drop())

const read = async (table: string, select: string, id = 1) => {
  const { data, error } = await db.from(`${p}_${table}`).select(select).eq('id', id).single()
  expect(error).toBeNull()
  return data as unknown as Record<string, unknown>
}

describe('embedding', () => {
  it('embeds a one-to-one relationship as an object, from either side', async () => {
    expect(await read('people', `name, ${p}_passports(code)`)).toEqual({
      name: 'Ada',
      [`${p}_passports`]: { code: 'A1' },
    })
    expect(await read('passports', `code, person:${p}_people(name)`, 2)).toEqual({
      code: 'G2',
      person: { name: 'Grace' },
    })
    expect(await read('people', `name, passport:${p}_passports(code)`, 3)).toEqual({
      name: 'Alan',
      passport: null,
    })
  })

  it('embeds many-to-many through the junction table', async () => {
    expect(await read('people', `name, teams:${p}_teams(name)`)).toEqual({
      name: 'Ada',
      teams: [{ name: 'Math' }],
    })
    const team = await read('teams', `name, members:${p}_people(name)`, 2)
    expect(team).toEqual({ name: 'Math', members: [{ name: 'Ada' }, { name: 'Alan' }] })
  })

  it('embeds a self-reference: the FK column gives the parent, the table name (or hint) the children', async () => {
    expect(await read('people', 'name, manager:manager_id(name)', 4)).toEqual({
      name: 'Edsger',
      manager: { name: 'Grace' },
    })
    expect(await read('people', `name, reports:${p}_people(name)`)).toEqual({
      name: 'Ada',
      reports: [{ name: 'Grace' }, { name: 'Alan' }],
    })
    expect(await read('people', `name, reports:${p}_people!manager_id(name)`, 2)).toEqual({
      name: 'Grace',
      reports: [{ name: 'Edsger' }],
    })
  })

  it('embeds by foreign key name and by FK column name', async () => {
    const byName = await read('best_friends', `id, first_friend_of:${p}_best_friends_first_user_fkey(name)`)
    expect(byName).toEqual({ id: 1, first_friend_of: { name: 'Ada' } })
    const byColumn = await read('best_friends', 'id, second:second_user(name)')
    expect(byColumn).toEqual({ id: 1, second: { name: 'Grace' } })
    const byHint = await read('people', `name, ${p}_best_friends!${p}_best_friends_second_user_fkey(id)`)
    expect(byHint).toEqual({ name: 'Ada', [`${p}_best_friends`]: [{ id: 2 }] })
  })

  it('embeds computed relationships (a function taking the row), to-one and to-many', async () => {
    expect(await read('people', `name, boss:${p}_boss(name)`, 4)).toEqual({
      name: 'Edsger',
      boss: { name: 'Grace' },
    })
    expect(await read('people', `name, ${p}_reports(name)`)).toEqual({
      name: 'Ada',
      [`${p}_reports`]: [{ name: 'Grace' }, { name: 'Alan' }],
    })
  })

  it('embeds through a view whose columns carry a foreign key, both ways', async () => {
    const { data, error } = await db
      .from(`${p}_message_list`)
      .select(`body, sender, ${p}_channels(slug)`)
      .eq('id', 3)
    expect(error).toBeNull()
    expect(data).toEqual([{ body: 'x', sender: 'Ada', [`${p}_channels`]: { slug: 'random' } }])
    const back = await read('channels', `slug, ${p}_message_list(body)`, 2)
    expect(back).toEqual({ slug: 'random', [`${p}_message_list`]: [{ body: 'x' }] })
  })

  it('filters parents by an embed with !inner and by embed=not.is.null', async () => {
    const inner = await db.from(`${p}_people`).select(`name, ${p}_passports!inner(code)`).order('id')
    expect((inner.data as unknown as Array<{ name: string }>).map((r) => r.name)).toEqual(['Ada', 'Grace'])
    const notNull = await db
      .from(`${p}_people`)
      .select(`name, ${p}_passports(code)`)
      .not(`${p}_passports`, 'is', null)
      .order('id')
    expect((notNull.data as unknown as Array<{ name: string }>).map((r) => r.name)).toEqual(['Ada', 'Grace'])
  })

  it('refuses an ambiguous embed: 300 PGRST201 with the candidates as an array', async () => {
    const { error, status } = await db.from(`${p}_people`).select(`name, ${p}_best_friends(id)`)
    expect(status).toBe(300)
    expect(error).toEqual({
      code: 'PGRST201',
      details: [
        {
          cardinality: 'one-to-many',
          embedding: `${p}_people with ${p}_best_friends`,
          relationship: `${p}_best_friends_first_user_fkey using ${p}_people(id) and ${p}_best_friends(first_user)`,
        },
        {
          cardinality: 'one-to-many',
          embedding: `${p}_people with ${p}_best_friends`,
          relationship: `${p}_best_friends_second_user_fkey using ${p}_people(id) and ${p}_best_friends(second_user)`,
        },
      ],
      hint: `Try changing '${p}_best_friends' to one of the following: '${p}_best_friends!${p}_best_friends_first_user_fkey', '${p}_best_friends!${p}_best_friends_second_user_fkey'. Find the desired relationship in the 'details' key.`,
      message: `Could not embed because more than one relationship was found for '${p}_people' and '${p}_best_friends'`,
    })
  })

  it('refuses an unknown relationship: 400 PGRST200 with a suggestion', async () => {
    const { error, status } = await db.from(`${p}_people`).select(`name, ${p}_team(name)`)
    expect(status).toBe(400)
    expect(error).toEqual({
      code: 'PGRST200',
      details: `Searched for a foreign key relationship between '${p}_people' and '${p}_team' in the schema 'public', but no matches were found.`,
      hint: `Perhaps you meant '${p}_teams' instead of '${p}_team'.`,
      message: `Could not find a relationship between '${p}_people' and '${p}_team' in the schema cache`,
    })
  })

  it('refuses the same embed alias twice with Postgres’s 42712', async () => {
    const { error, status } = await db
      .from(`${p}_passports`)
      .select(`code, o:${p}_people(name), o:${p}_people(id)`)
    expect(status).toBe(400)
    expect(error).toEqual({
      code: '42712',
      details: null,
      hint: null,
      message: `table name "${p}_passports_o_1" specified more than once`,
    })
  })
})
