import { describe, expect, it } from 'vitest'
import { parseSelect } from './select.ts'
import { RestError } from '../errors.ts'

const f = (name: string, extra: object = {}) => ({ kind: 'field', field: { name, jsonPath: [] }, ...extra })

describe('select= as PostgREST parses it', () => {
  it('reads columns, aliases, casts and JSON paths', () => {
    expect(parseSelect('id,who:name,rating::text,city:meta->>city,born:meta->born,tags->0')).toMatchObject([
      f('id'),
      f('name', { alias: 'who' }),
      f('rating', { cast: 'text' }),
      { field: { name: 'meta', jsonPath: [{ arrow: '->>', key: 'city', index: false }] }, alias: 'city' },
      { field: { name: 'meta', jsonPath: [{ arrow: '->', key: 'born', index: false }] }, alias: 'born' },
      { field: { name: 'tags', jsonPath: [{ arrow: '->', key: '0', index: true }] } },
    ])
  })

  it('reads aggregates with input and output casts, and count() with or without an alias', () => {
    expect(
      parseSelect('amount.sum(),total:amount::numeric.avg()::int,count(),n:count()::text'),
    ).toMatchObject([
      f('amount', { aggregate: 'sum' }),
      f('amount', { alias: 'total', cast: 'numeric', aggregate: 'avg', aggregateCast: 'int' }),
      f('*', { aggregate: 'count' }),
      f('*', { alias: 'n', aggregate: 'count', aggregateCast: 'text' }),
    ])
  })

  it('reads embeds with alias, FK hint and join type in either order, and spreads', () => {
    const items = parseSelect(
      '*,boss:people!manager_id!inner(name),kids:people!left!parent_id(*),...teams(name),messages(count)',
    )
    expect(items).toMatchObject([
      f('*'),
      {
        kind: 'relation',
        name: 'people',
        alias: 'boss',
        hint: 'manager_id',
        joinType: 'inner',
        spread: false,
      },
      { kind: 'relation', name: 'people', alias: 'kids', hint: 'parent_id', joinType: 'left' },
      { kind: 'relation', name: 'teams', spread: true, children: [f('name')] },
      { kind: 'relation', name: 'messages', children: [f('count')] },
    ])
  })

  it('reads an embed that selects nothing (for filtering with !inner)', () => {
    expect(parseSelect('id,clients!inner()')).toMatchObject([
      f('id'),
      { kind: 'relation', name: 'clients', children: [] },
    ])
  })

  it('allows quoted names, spaces and dashes in names', () => {
    expect(parseSelect('"a,b":"weird name",first-name, last name ')).toMatchObject([
      f('weird name', { alias: 'a,b' }),
      f('first-name'),
      f('last name'),
    ])
  })

  it.each([
    ['name;drop', 5],
    ['id,clients(name[])', 16],
    ['name!hint', 5],
    ['name::', 7],
    ['(select 1)', 1],
  ])('refuses %s with PGRST100 at column %i', (text, column) => {
    try {
      parseSelect(text)
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(RestError)
      expect((err as RestError).code).toBe('PGRST100')
      expect((err as RestError).status).toBe(400)
      expect(err).toMatchObject({
        message: `"failed to parse select parameter (${text})" (line 1, column ${column})`,
      })
      expect((err as RestError).details).toMatch(/^unexpected /)
    }
  })
})
