// explain(): the `application/vnd.pgrst.plan` media type. PostgREST serves it only with
// db-plan-enabled (off by default, as on hosted Supabase); on, it returns Postgres's plan
// of the very statement the request would run, as text or JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SupabaseClient } from '@supabase/supabase-js'
import { serviceClient, sql } from '../../support/clients.ts'
import { createLanguageFixture, type LanguageFixture } from './language.fixture.ts'

let f: LanguageFixture
let db: SupabaseClient
let p: string
beforeAll(async () => {
  f = await createLanguageFixture('rest_plan')
  p = f.p
  db = serviceClient()
})
afterAll(async () => {
  await sql().query(`alter role authenticator reset pgrst.db_plan_enabled; notify pgrst, 'reload config'`)
  await f.drop()
})

const explained = () => db.from(`${p}_people`).select('name').eq('id', 1).explain()

describe('explain()', () => {
  it('is refused with 406 PGRST107 while db-plan-enabled is off', async () => {
    const { error, status } = await explained()
    expect(status).toBe(406)
    expect(error).toEqual({
      code: 'PGRST107',
      details: null,
      hint: null,
      message:
        'None of these media types are available: application/vnd.pgrst.plan+text; for="application/json"',
    })
  })

  it('returns the plan as text, and as JSON, once enabled', async () => {
    await sql().query(
      `alter role authenticator set pgrst.db_plan_enabled = 'true'; notify pgrst, 'reload config'`,
    )
    for (let i = 0; i < 100 && (await explained()).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 50))
    const text = await explained()
    expect(text.status).toBe(200)
    expect(String(text.data)).toMatch(/^Aggregate/)
    expect(String(text.data)).toContain(`${p}_people`)
    const json = await db.from(`${p}_people`).select('name').explain({ format: 'json', analyze: true })
    expect(json.status).toBe(200)
    expect(
      (json.data as unknown as Array<{ Plan: { 'Node Type': string; 'Actual Rows': number } }>)[0]!.Plan,
    ).toMatchObject({
      'Node Type': 'Aggregate',
      'Actual Rows': 1,
    })
  })
})
