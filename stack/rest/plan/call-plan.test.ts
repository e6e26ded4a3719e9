import { describe, expect, it } from 'vitest'
import { fixtureCache } from './cache.fixture.ts'
import { findRoutine } from './call-plan.ts'
import { actionPlan } from './plan.ts'
import { negotiate } from './negotiate.ts'
import { parseApiRequest, type RawRequest } from '../request/api-request.ts'
import { parseAccept } from '../request/media.ts'
import { RestError } from '../errors.ts'

const cache = fixtureCache()
const request = (o: Partial<RawRequest>) =>
  parseApiRequest(
    { method: 'POST', path: '/rpc/add', search: '', headers: {}, body: Buffer.alloc(0), ...o },
    { schemas: ['public'], timezones: new Set() },
  )
const pick = (o: Partial<RawRequest>) => findRoutine(cache, request(o), o.path!.slice(5))
const refusal = (o: Partial<RawRequest>) => {
  try {
    pick(o)
  } catch (err) {
    return { status: (err as RestError).status, ...(err as RestError).body() }
  }
  throw new Error('expected a refusal')
}
const post = (path: string, body: string, headers = {}) => ({ path, body: Buffer.from(body), headers })

describe('choosing the function an RPC means', () => {
  it('picks the overload whose parameters match the argument names', () => {
    expect(pick(post('/rpc/add', '{"a":1,"b":2}')).params).toHaveLength(2)
    expect(pick(post('/rpc/add', '{"a":1,"b":2,"c":3}')).params).toHaveLength(3)
    expect(pick({ method: 'GET', path: '/rpc/add', search: '?a=1&b=2&c=3' }).params).toHaveLength(3)
    expect(pick(post('/rpc/with_default', '{"a":1}')).params).toHaveLength(2)
  })

  it('calls a single unnamed parameter with the body: `{"": "x"}`, any JSON, or text/plain', () => {
    expect(pick(post('/rpc/shout', '{"":"foo"}')).params[0]).toMatchObject({ name: '', type: 'text' })
    expect(pick(post('/rpc/echo', 'foo', { 'content-type': 'text/plain' })).params[0]!.type).toBe('text')
    expect(pick(post('/rpc/echo', '{"x":1}')).params[0]!.type).toBe('json')
    // Both unnamed overloads take `{"": ...}`: PostgREST cannot choose either.
    expect(refusal(post('/rpc/echo', '{"":"foo"}'))).toMatchObject({
      code: 'PGRST203',
      message:
        'Could not choose the best candidate function between: public.echo( => text), public.echo( => json)',
    })
  })

  it('refuses same names with other types: 300 PGRST203 with its hint', () => {
    expect(refusal(post('/rpc/pick', '{"x":1}'))).toEqual({
      status: 300,
      code: 'PGRST203',
      details: null,
      hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
      message:
        'Could not choose the best candidate function between: public.pick(x => integer), public.pick(x => text)',
    })
  })

  it('refuses unknown arguments: 404 PGRST202 naming them, with the closest overload as hint', () => {
    expect(refusal(post('/rpc/add', '{"a":1,"z":2}'))).toEqual({
      status: 404,
      code: 'PGRST202',
      message: 'Could not find the function public.add(a, z) in the schema cache',
      details:
        'Searched for the function public.add with parameters a, z or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
      hint: 'Perhaps you meant to call the function public.add(a, b)',
    })
    expect(refusal({ method: 'GET', path: '/rpc/addd', search: '' })).toMatchObject({
      message: 'Could not find the function public.addd without parameters in the schema cache',
      hint: 'Perhaps you meant to call the function public.add',
    })
  })
})

describe('the action plan', () => {
  it('reads the rows a set-returning function gives as its table, embeds included', () => {
    const req = request({
      path: '/rpc/team_members',
      search: '?select=name,passports(code)',
      body: Buffer.from('{"team":1}'),
    })
    const p = actionPlan({ cache, schema: 'public', aggregatesEnabled: false, planEnabled: false }, req)
    expect(p).toMatchObject({
      kind: 'call',
      tx: 'write',
      read: { from: { name: 'people' }, children: [{ relName: 'passports' }] },
    })
  })

  it('negotiates vnd.pgrst.plan only when db-plan-enabled is on, else 406 PGRST107', () => {
    const accept = parseAccept('application/vnd.pgrst.plan+json; for="application/json"')
    expect(negotiate(accept, { planEnabled: true, representation: true }).media.kind).toBe('plan')
    expect(() => negotiate(accept, { planEnabled: false, representation: true })).toThrow(
      /None of these media types are available: application\/vnd\.pgrst\.plan\+json; for="application\/json"/,
    )
  })
})
