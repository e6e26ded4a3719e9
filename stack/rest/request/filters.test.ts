import { describe, expect, it } from 'vitest'
import { parseFilter, parseFilterValue, parseLogic, parseOrder } from './filters.ts'
import { parseQueryParams } from './query-params.ts'
import { RestError } from '../errors.ts'

describe('filters as PostgREST parses them', () => {
  it.each([
    ['eq.1', { kind: 'quant', op: 'eq', value: '1' }],
    ['like(any).{a*,b*}', { kind: 'quant', op: 'like', quantifier: 'any', value: '{a*,b*}' }],
    ['ilike(all).{%a%,%b%}', { kind: 'quant', op: 'ilike', quantifier: 'all', value: '{%a%,%b%}' }],
    ['neq.x', { kind: 'simple', op: 'neq', value: 'x' }],
    ['nxl.[1,5)', { kind: 'simple', op: 'nxl', value: '[1,5)' }],
    ['nxr.[1,5)', { kind: 'simple', op: 'nxr', value: '[1,5)' }],
    ['in.(1,"a,b",,"q\\"t")', { kind: 'in', values: ['1', 'a,b', '', 'q"t'] }],
    ['is.NULL', { kind: 'is', value: 'null' }],
    ['is.not_null', { kind: 'is', value: 'not_null' }],
    ['isdistinct.3', { kind: 'isdistinct', value: '3' }],
    ['fts(french).chat', { kind: 'fts', op: 'fts', language: 'french', value: 'chat' }],
    ['wfts.a or b', { kind: 'fts', op: 'wfts', value: 'a or b' }],
    ['cs.{1,2}', { kind: 'simple', op: 'cs', value: '{1,2}' }],
    ['eq.a.b.c', { kind: 'quant', op: 'eq', value: 'a.b.c' }],
  ])('%s', (value, operation) => {
    expect(parseFilterValue(value)).toEqual({ negate: false, operation })
  })

  it('reads not. and embedding paths with JSON paths', () => {
    expect(parseFilter('clients.data->>city', 'not.eq.Paris')).toEqual({
      path: ['clients'],
      filter: {
        field: { name: 'data', jsonPath: [{ arrow: '->>', key: 'city', index: false }] },
        negate: true,
        operation: { kind: 'quant', op: 'eq', value: 'Paris' },
      },
    })
  })

  it('refuses an unknown operator with PostgREST’s message', () => {
    expect(() => parseFilterValue('noop.0')).toThrow(RestError)
    try {
      parseFilterValue('noop.0')
    } catch (err) {
      expect((err as RestError).body()).toEqual({
        code: 'PGRST100',
        details: 'unexpected "n" expecting "not" or operator (eq, gt, ...)',
        hint: null,
        message: '"failed to parse filter (noop.0)" (line 1, column 1)',
      })
    }
  })

  it('reads nested logic trees with quoted values and array literals', () => {
    const tree = parseLogic('or', '(a.eq.1,not.and(b.gt.2,c.in.(x,y)),d.eq."1,2",e.cs.{a,b})')
    expect(tree).toMatchObject({
      kind: 'expr',
      op: 'or',
      negate: false,
      children: [
        { kind: 'filter', filter: { field: { name: 'a' } } },
        { kind: 'expr', op: 'and', negate: true, children: [{ kind: 'filter' }, { kind: 'filter' }] },
        { kind: 'filter', filter: { operation: { value: '1,2' } } },
        { kind: 'filter', filter: { operation: { kind: 'simple', op: 'cs', value: '{a,b}' } } },
      ],
    })
    expect(parseLogic('not.and', '(a.eq.1)')).toMatchObject({ negate: true, op: 'and' })
  })

  it('reads order terms: direction, nulls, JSON paths and embedded columns', () => {
    expect(parseOrder('name.desc.nullslast,data->>x,clients(name).asc')).toEqual([
      { field: { name: 'name', jsonPath: [] }, direction: 'desc', nulls: 'last' },
      { field: { name: 'data', jsonPath: [{ arrow: '->>', key: 'x', index: false }] } },
      { relation: 'clients', field: { name: 'name', jsonPath: [] }, direction: 'asc' },
    ])
    expect(() => parseOrder('id.ac')).toThrow(/failed to parse order \(id\.ac\)" \(line 1, column 4\)/)
  })
})

describe('the query string', () => {
  it('splits filters, logic, order and ranges by embedding path', () => {
    const q = parseQueryParams(
      new URLSearchParams(
        'select=*&id=gt.1&books.title=like.A*&books.order=title.desc&books.limit=2&books.offset=1&not.or=(a.eq.1)&limit=10',
      ),
      false,
    )
    expect(q.filters.map((f) => f.path)).toEqual([[], ['books']])
    expect(q.logic).toMatchObject([{ path: [], tree: { negate: true, op: 'or' } }])
    expect(q.order).toMatchObject([{ path: ['books'], terms: [{ direction: 'desc' }] }])
    expect(q.ranges.get('books')).toEqual({ offset: 1, limit: 2 })
    expect(q.ranges.get('')).toEqual({ offset: 0, limit: 10 })
  })

  it('refuses a negative limit with 416 PGRST103', () => {
    expect(() => parseQueryParams(new URLSearchParams('limit=-1'), false)).toThrow(
      expect.objectContaining({
        status: 416,
        code: 'PGRST103',
        details: 'Limit should be greater than or equal to zero.',
      }),
    )
  })

  it('keeps parameters without an operator as arguments on GET /rpc, and refuses them elsewhere', () => {
    const q = parseQueryParams(new URLSearchParams('a=1&b=x&id=eq.3&=foo'), true)
    expect(q.rpcArgs).toEqual([
      ['a', '1'],
      ['b', 'x'],
      ['', 'foo'],
    ])
    expect(q.filters).toHaveLength(1)
    expect(() => parseQueryParams(new URLSearchParams('a=1'), false)).toThrow(RestError)
  })

  it('sorts the canonical query string and reads columns and on_conflict', () => {
    const q = parseQueryParams(new URLSearchParams('b=eq.2&a=eq.1&columns=x,"y z"&on_conflict=k'), false)
    expect(q.canonical).toBe('a=eq.1&b=eq.2&columns=x%2C%22y+z%22&on_conflict=k')
    expect(q.columns).toEqual(['x', 'y z'])
    expect(q.onConflict).toEqual(['k'])
  })
})
