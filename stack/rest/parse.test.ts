import { describe, expect, it } from 'vitest'
import { parseList, parseLogic, parseOrder, parseSelect, splitTop } from './parse.ts'
import { parseQuery } from './request.ts'
import { RestError } from './errors.ts'

describe('PostgREST query language parsing', () => {
  it('parses select items: aliases, casts, JSON paths, embeddings with hints and !inner', () => {
    expect(
      parseSelect('id,who:name,rating::text,city:meta->>city,books:book!fk_author!inner(title)'),
    ).toEqual([
      { type: 'field', name: 'id', path: [], cast: undefined },
      { type: 'field', name: 'name', path: [], cast: undefined, alias: 'who' },
      { type: 'field', name: 'rating', path: [], cast: 'text' },
      { type: 'field', name: 'meta', path: [['->>', 'city']], cast: undefined, alias: 'city' },
      {
        type: 'embed',
        name: 'book',
        alias: 'books',
        hint: 'fk_author',
        inner: true,
        select: [{ type: 'field', name: 'title', path: [], cast: undefined }],
      },
    ])
  })

  it('splits on top-level commas only, honouring quotes', () => {
    expect(splitTop('a,b(c,d),"e,f"')).toEqual(['a', 'b(c,d)', '"e,f"'])
    expect(parseList('(1,"a,b",c)')).toEqual(['1', 'a,b', 'c'])
  })

  it('parses nested logic trees and negation', () => {
    const tree = parseLogic('or', false, '(a.eq.1,not.and(b.gt.2,c.is.null))')
    expect(tree.children[1]).toMatchObject({ type: 'logic', op: 'and', negate: true })
  })

  it('groups filters, order and limit by embedding path', () => {
    const q = parseQuery(
      new URLSearchParams(
        'select=*&id=gt.1&books.title=like.A*&books.order=title.desc&books.limit=2&not.or=(a.eq.1)',
      ),
    )
    expect(q.byPath.get('')!.conditions).toHaveLength(2)
    expect(q.byPath.get('books')).toMatchObject({ limit: 2, order: [{ desc: true }] })
  })

  it('parses order terms including embedded columns and nulls placement', () => {
    expect(parseOrder('author(name).desc.nullslast,id')).toMatchObject([
      { relation: 'author', field: { name: 'name' }, desc: true, nulls: 'last' },
      { field: { name: 'id' }, desc: false },
    ])
  })

  it.each(['name;drop', 'a b', 'x::text;drop', '(select 1)', 'a)b'])('rejects %s with PGRST100', (bad) => {
    expect(() => parseSelect(bad)).toThrow(RestError)
  })
})
