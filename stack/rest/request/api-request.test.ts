import { describe, expect, it } from 'vitest'
import { parseApiRequest, type RawRequest } from './api-request.ts'
import { decodeMediaType, parseAccept, toMime } from './media.ts'
import { appliedHeader, parsePreferences } from './preferences.ts'
import { RestError } from '../errors.ts'

const settings = { schemas: ['public', 'api'], timezones: new Set(['Europe/Paris']) }
const raw = (o: Partial<RawRequest>): RawRequest => ({
  method: 'GET',
  path: '/todos',
  search: '',
  headers: {},
  body: Buffer.alloc(0),
  ...o,
})
const fails = (o: Partial<RawRequest>) => {
  try {
    parseApiRequest(raw(o), settings)
  } catch (err) {
    return (err as RestError).body()
  }
  throw new Error('expected a refusal')
}

describe('reading the HTTP request', () => {
  it('finds the target and refuses other paths and methods with PostgREST’s codes', () => {
    expect(parseApiRequest(raw({ path: '/rpc/f' }), settings).target).toEqual({ kind: 'routine', name: 'f' })
    expect(fails({ path: '/a/b' })).toMatchObject({
      code: 'PGRST125',
      message: 'Invalid path specified in request URL',
    })
    expect(fails({ path: '/rpc/f', method: 'DELETE' })).toMatchObject({
      code: 'PGRST101',
      message: 'Cannot use the DELETE method on RPC',
    })
    expect(fails({ method: 'TRACE' })).toMatchObject({
      code: 'PGRST117',
      message: 'Unsupported HTTP method: TRACE',
    })
  })

  it('picks the schema from Accept-Profile / Content-Profile and refuses others (PGRST106)', () => {
    const r = parseApiRequest(raw({ headers: { 'accept-profile': 'api' } }), settings)
    expect(r).toMatchObject({ schema: 'api', negotiatedByProfile: true })
    expect(
      fails({ method: 'POST', headers: { 'content-profile': 'auth' }, body: Buffer.from('{}') }),
    ).toEqual({
      code: 'PGRST106',
      details: null,
      hint: 'Only the following schemas are exposed: public, api',
      message: 'Invalid schema: auth',
    })
  })

  it('reads JSON payloads: keys, arrays whose objects share keys, or the columns parameter', () => {
    const r = parseApiRequest(
      raw({ method: 'POST', body: Buffer.from('[{"a":1,"b":2},{"b":3,"a":4}]') }),
      settings,
    )
    expect(r.payload).toMatchObject({ kind: 'json', keys: ['a', 'b'], isArray: true })
    expect(fails({ method: 'POST', body: Buffer.from('[{"a":1},{"b":2}]') })).toMatchObject({
      code: 'PGRST102',
      message: 'All object keys must match',
    })
    const withColumns = parseApiRequest(
      raw({ method: 'POST', search: '?columns=a', body: Buffer.from('[{"a":1},{"b":2}]') }),
      settings,
    )
    expect(withColumns.payload).toMatchObject({ keys: ['a'] })
    expect(fails({ method: 'POST', body: Buffer.from('{"a":') })).toMatchObject({
      code: 'PGRST102',
      message: 'Empty or invalid json',
    })
  })

  it('turns Range into offset and limit, refusing upper < lower (PGRST103)', () => {
    expect(parseApiRequest(raw({ headers: { range: '5-9' } }), settings).topRange).toEqual({
      offset: 5,
      limit: 5,
    })
    expect(fails({ headers: { range: '9-5' } })).toMatchObject({ code: 'PGRST103' })
  })

  it('passes request headers (cookies apart) and cookies for request.headers / request.cookies', () => {
    const r = parseApiRequest(raw({ headers: { 'x-app': 'a', cookie: 'sid=1; theme=dark' } }), settings)
    expect(r.headers).toEqual({ 'x-app': 'a' })
    expect(r.cookies).toEqual({ sid: '1', theme: 'dark' })
  })
})

describe('media types and preferences', () => {
  it('decodes vendored media types, plan options included', () => {
    expect(decodeMediaType('application/vnd.pgrst.object+json;nulls=stripped')).toEqual({
      kind: 'object',
      stripNulls: true,
    })
    expect(
      decodeMediaType('application/vnd.pgrst.plan+text; for="application/json"; options=analyze|verbose;'),
    ).toEqual({
      kind: 'plan',
      for: { kind: 'json' },
      format: 'text',
      options: ['analyze', 'verbose'],
    })
    expect(toMime(decodeMediaType('application/vnd.pgrst.array+json;nulls=stripped'))).toBe(
      'application/vnd.pgrst.array+json;nulls=stripped',
    )
    expect(parseAccept('text/csv;q=0.5, application/json')).toEqual([{ kind: 'json' }, { kind: 'csv' }])
  })

  it('keeps the first of each preference and collects unknown ones', () => {
    const p = parsePreferences(
      [
        'return=representation, count=exact, tx=rollback',
        'count=planned, timezone=Europe/Paris, max-affected=3, x=y, timezone=Nowhere',
      ],
      settings.timezones,
    )
    expect(p).toMatchObject({
      representation: 'representation',
      count: 'exact',
      transaction: 'rollback',
      timezone: 'Europe/Paris',
      maxAffected: 3,
    })
    expect(p.invalid).toEqual(['x=y', 'timezone=Nowhere'])
    expect(appliedHeader({ ...p, handling: 'strict' })).toBe(
      'return=representation, count=exact, tx=rollback, handling=strict, timezone=Europe/Paris, max-affected=3',
    )
  })
})
