import { describe, expect, it } from 'vitest'
import { fixtureCache } from './cache.fixture.ts'
import { readPlan, type PlanContext } from './read-plan.ts'
import { parseQueryParams } from '../request/query-params.ts'
import { RestError } from '../errors.ts'

const ctx = (o: Partial<PlanContext> = {}): PlanContext => ({
  cache: fixtureCache(),
  schema: 'public',
  maxRows: 1000,
  aggregatesEnabled: true,
  ...o,
})
const plan = (table: string, qs: string, o: Partial<PlanContext> = {}, mutation = false) =>
  readPlan(ctx(o), { schema: 'public', name: table }, parseQueryParams(new URLSearchParams(qs), false), {
    mutation,
  })
const refusal = (table: string, qs: string, o: Partial<PlanContext> = {}) => {
  try {
    plan(table, qs, o)
  } catch (err) {
    return { status: (err as RestError).status, ...(err as RestError).body() }
  }
  throw new Error('expected a refusal')
}

describe('the read plan', () => {
  it('binds each embed to its relationship, names its lateral alias and join columns', () => {
    const p = plan('messages', 'select=body,sender:people!sender_id(name,passports(code))')
    const sender = p.children[0]!
    expect(sender).toMatchObject({
      from: { name: 'people' },
      fromAlias: 'people_1',
      aggAlias: 'messages_sender_1',
      joinOn: [['id', 'sender_id']],
    })
    expect(sender.children[0]).toMatchObject({
      aggAlias: 'people_passports_2',
      joinOn: [['person_id', 'id']],
    })
  })

  it('attaches filters, order and ranges by path and caps every level at max-rows', () => {
    const p = plan(
      'people',
      'select=*,people(*)&people.name=eq.x&people.order=name.desc&people.limit=3&limit=5000',
    )
    expect(p.range).toEqual({ offset: 0, limit: 1000 })
    expect(p.children[0]).toMatchObject({
      where: [{ kind: 'filter' }],
      order: [{ direction: 'desc' }],
      range: { limit: 3 },
    })
  })

  it('refuses a filter on something not embedded (PGRST108)', () => {
    expect(refusal('people', 'select=id&teams.name=eq.x')).toEqual({
      status: 400,
      code: 'PGRST108',
      details: null,
      hint: "Verify that 'teams' is included in the 'select' query parameter.",
      message: "'teams' is not an embedded resource in this request",
    })
  })

  it('orders by a to-one embed through its lateral alias, refuses a to-many one (PGRST118)', () => {
    const p = plan('passports', 'select=*,people(name)&order=people(name).desc')
    expect(p.order[0]).toMatchObject({ relation: 'passports_people_1' })
    expect(refusal('people', 'select=*,teams(name)&order=teams(name)')).toMatchObject({
      status: 400,
      code: 'PGRST118',
      message: "A related order on 'teams' is not possible",
      details: "'people' and 'teams' do not form a many-to-one or one-to-one relationship",
    })
  })

  it('turns `embed=is.null` into a null-embed filter and refuses other operators (PGRST120)', () => {
    expect(plan('people', 'select=*,passports(*)&passports=not.is.null').where).toEqual([
      { kind: 'embed-null', isNull: false, aggAlias: 'people_passports_1' },
    ])
    expect(refusal('people', 'select=*,passports(*)&passports=eq.1')).toMatchObject({ code: 'PGRST120' })
  })

  it('refuses aggregates when db-aggregates-enabled is off (PGRST123), but not the legacy rel(count)', () => {
    expect(refusal('messages', 'select=amount.sum()', { aggregatesEnabled: false })).toEqual({
      status: 400,
      code: 'PGRST123',
      details: null,
      hint: null,
      message: 'Use of aggregate functions is not allowed',
    })
    const legacy = plan('people', 'select=name,messages!sender_id(count)', { aggregatesEnabled: false })
    expect(legacy.children[0]!.select).toMatchObject([
      { aggregate: 'count', alias: 'count', legacyCount: true },
    ])
  })

  it('expands * where aggregates group, and aliases JSON paths by their last key', () => {
    const p = plan('teams', 'select=*,count()')
    expect(p.select.map((s) => s.alias ?? s.field.name)).toEqual(['id', 'name', '*'])
    expect(plan('people', 'select=data->a->>b,data->x->0').select.map((s) => s.alias)).toEqual(['b', 'x'])
  })

  it('hoists a spread’s aggregates to its parent, which groups by the other columns', () => {
    const p = plan('messages', 'select=body,...people!sender_id(name,id.count())')
    const spread = p.children[0]!
    expect(spread.select.map((s) => s.aggregate)).toEqual([undefined, undefined])
    expect(spread.spreadFields).toEqual([
      { name: 'name' },
      { name: 'id', aggregate: 'count', aggregateCast: undefined, alias: undefined },
    ])
  })

  it('ignores order and ranges on a mutation’s read, as PostgREST does', () => {
    const p = plan('people', 'select=*&order=id&limit=1', {}, true)
    expect(p).toMatchObject({ order: [], range: { offset: 0 } })
  })
})
