// Aggregates and spreads as PostgREST 13 does them. Hosted Supabase leaves aggregates off
// (PostgREST's db-aggregates-enabled default; supabase/config.toml has no key for it) and
// documents switching them on with `ALTER ROLE authenticator SET pgrst.db_aggregates_enabled`
// and `NOTIFY pgrst, 'reload config'`, which is what this suite does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { serviceClient, sql } from '../../support/clients.ts'
import { createLanguageFixture, type LanguageFixture } from './language.fixture.ts'

let f: LanguageFixture
let db: SupabaseClient
let p: string
beforeAll(async () => {
  f = await createLanguageFixture('rest_agg')
  p = f.p
  db = serviceClient()
})
afterAll(async () => {
  await sql().query(
    `alter role authenticator reset pgrst.db_aggregates_enabled; notify pgrst, 'reload config'`,
  )
  await f.drop()
})

const sums = () => db.from(`${p}_messages`).select('amount.sum()')

describe('aggregates switched off (the default)', () => {
  it('refuses an aggregate with 400 PGRST123', async () => {
    const { error, status } = await sums()
    expect(status).toBe(400)
    expect(error).toEqual({
      code: 'PGRST123',
      details: null,
      hint: null,
      message: 'Use of aggregate functions is not allowed',
    })
  })

  it('still counts an embed the older way: rel(count)', async () => {
    const { data, error } = await db.from(`${p}_channels`).select(`slug, ${p}_messages(count)`).order('id')
    expect(error).toBeNull()
    expect(data).toEqual([
      { slug: 'general', [`${p}_messages`]: [{ count: 3 }] },
      { slug: 'random', [`${p}_messages`]: [{ count: 1 }] },
    ])
  })
})

describe('aggregates switched on', () => {
  beforeAll(async () => {
    await sql().query(
      `alter role authenticator set pgrst.db_aggregates_enabled = 'true'; notify pgrst, 'reload config'`,
    )
    for (let i = 0; i < 100 && (await sums()).status !== 200; i++) await new Promise((r) => setTimeout(r, 50))
  })

  it('sums, averages, counts and bounds, grouped by the other selected columns', async () => {
    const { data, error } = await db
      .from(`${p}_messages`)
      .select('sent_on, total:amount.sum(), amount.avg()::int, amount.max(), amount.min(), count()')
      .order('sent_on')
    expect(error).toBeNull()
    expect(data).toEqual([
      { sent_on: '2026-01-01', total: 30, avg: 15, max: 20, min: 10, count: 2 },
      { sent_on: '2026-01-02', total: 12, avg: 6, max: 7, min: 5, count: 2 },
    ])
  })

  it('aggregates inside an embed, per parent row', async () => {
    const { data } = await db
      .from(`${p}_channels`)
      .select(`slug, ${p}_messages(amount.sum(), count())`)
      .order('id')
    expect(data).toEqual([
      { slug: 'general', [`${p}_messages`]: [{ sum: 37, count: 3 }] },
      { slug: 'random', [`${p}_messages`]: [{ sum: 5, count: 1 }] },
    ])
  })

  it('groups by the columns of a spread to-one embed', async () => {
    const { data, error } = await db.from(`${p}_messages`).select(`amount.sum(), ...${p}_people(name)`)
    expect(error).toBeNull()
    const byName = (data as unknown as Array<{ name: string }>).toSorted((a, b) =>
      a.name.localeCompare(b.name),
    )
    expect(byName).toEqual([
      { sum: 15, name: 'Ada' },
      { sum: 7, name: 'Alan' },
      { sum: 20, name: 'Grace' },
    ])
  })

  it('hoists an aggregate out of a spread embed to the parent', async () => {
    const { data, error } = await db
      .from(`${p}_channels`)
      .select(`slug, ...${p}_messages(amount.sum())`)
      .order('slug')
    expect(error).toBeNull()
    expect(data).toEqual([
      { slug: 'general', sum: 37 },
      { slug: 'random', sum: 5 },
    ])
  })
})

describe('spread embeds', () => {
  it('lifts a to-one embed’s columns into the row', async () => {
    const { data } = await db
      .from(`${p}_messages`)
      .select(`body, ...${p}_people(sender:name)`)
      .order('id')
      .limit(2)
    expect(data).toEqual([
      { body: 'hi', sender: 'Ada' },
      { body: 'hello', sender: 'Grace' },
    ])
  })

  it('lifts a to-many embed’s columns as arrays', async () => {
    const { data, error } = await db.from(`${p}_channels`).select(`slug, ...${p}_messages(body)`).eq('id', 2)
    expect(error).toBeNull()
    expect(data).toEqual([{ slug: 'random', body: ['x'] }])
  })
})
