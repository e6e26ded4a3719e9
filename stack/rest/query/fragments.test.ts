import { describe, expect, it } from 'vitest'
import { arrayLiteral, filterSql } from './fragments.ts'
import { Params, qi } from './ident.ts'
import { parseFilter } from '../request/filters.ts'

function sql(key: string, value: string, types: { isJson?: boolean; isTsvector?: boolean } = {}) {
  const p = new Params()
  const { filter } = parseFilter(key, value)
  return {
    text: filterSql('"t"', { ...filter, isJson: false, isTsvector: false, ...types }, p),
    values: p.values,
  }
}

describe('filters as SQL', () => {
  it('maps nxr to &< and nxl to &> (does not extend to the right / left of)', () => {
    expect(sql('r', 'nxr.[1,5)').text).toBe('"t"."r" &< $1')
    expect(sql('r', 'nxl.[1,5)').text).toBe('"t"."r" &> $1')
  })

  it('quantifies like/ilike with any/all over a bound array, * becoming %', () => {
    expect(sql('name', 'like(any).{A*,*z}')).toEqual({ text: '"t"."name" like ANY($1)', values: ['{A%,%z}'] })
    expect(sql('name', 'not.ilike(all).{*a*,*b*}')).toEqual({
      text: 'NOT ("t"."name" ilike ALL($1))',
      values: ['{%a%,%b%}'],
    })
  })

  it('binds in-lists as one array literal, escaping quotes and backslashes', () => {
    expect(sql('id', 'in.(1,"a,b")')).toEqual({ text: '"t"."id" = ANY($1)', values: ['{"1","a,b"}'] })
    expect(arrayLiteral(['q"t', 'b\\s'])).toBe('{"q\\"t","b\\\\s"}')
    expect(sql('id', 'in.()').text).toBe(`"t"."id" = ANY('{}')`)
  })

  it('applies JSON paths to to_jsonb() unless the column is json, binding keys', () => {
    expect(sql('meta->>city', 'eq.x')).toEqual({
      text: 'to_jsonb("t"."meta")->>$1 = $2',
      values: ['city', 'x'],
    })
    expect(sql('meta->0', 'eq.1', { isJson: true }).text).toBe('"t"."meta"->$1::int = $2')
  })

  it('searches text with to_tsvector, a tsvector column as is', () => {
    expect(sql('title', 'fts(english).cat').text).toBe(
      'to_tsvector($1::regconfig, "t"."title") @@ to_tsquery($2::regconfig, $3)',
    )
    expect(sql('search', 'wfts.cat', { isTsvector: true }).text).toBe(
      '"t"."search" @@ websearch_to_tsquery($1)',
    )
  })

  it('quotes every identifier, doubling quotes', () => {
    expect(qi('we"ird')).toBe('"we""ird"')
  })
})
