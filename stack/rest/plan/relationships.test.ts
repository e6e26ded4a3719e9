import { describe, expect, it } from 'vitest'
import { fixtureCache } from './cache.fixture.ts'
import { findRelationship } from './relationships.ts'
import { RestError } from '../errors.ts'

const cache = fixtureCache()
const find = (origin: string, target: string, hint?: string) =>
  findRelationship(cache, 'public', origin, target, hint)
const card = (origin: string, target: string, hint?: string) => {
  const r = find(origin, target, hint)
  return r.kind === 'computed' ? 'computed' : r.cardinality.kind
}
const refusal = (origin: string, target: string, hint?: string) => {
  try {
    find(origin, target, hint)
  } catch (err) {
    return { status: (err as RestError).status, ...(err as RestError).body() }
  }
  throw new Error('expected a refusal')
}

describe('finding the relationship an embed names', () => {
  it('tells one-to-one from many-to-one and one-to-many', () => {
    expect(card('passports', 'people')).toBe('O2O')
    expect(card('people', 'passports')).toBe('O2O')
    expect(card('messages', 'people', 'sender_id')).toBe('M2O')
    expect(card('people', 'messages', 'messages_receiver_id_fkey')).toBe('O2M')
  })

  it('embeds through a junction table (many-to-many)', () => {
    const r = find('people', 'teams')
    expect(r).toMatchObject({
      kind: 'fk',
      cardinality: { kind: 'M2M', junction: { table: { name: 'people_teams' } } },
    })
    expect(card('teams', 'people', 'people_teams')).toBe('M2M')
  })

  it('embeds by foreign key name or by FK column, the target being the constraint', () => {
    expect(find('messages', 'messages_sender_id_fkey')).toMatchObject({
      cardinality: { kind: 'M2O', columns: [['sender_id', 'id']] },
    })
    expect(find('messages', 'receiver_id')).toMatchObject({
      cardinality: { constraint: 'messages_receiver_id_fkey' },
    })
  })

  it('resolves a self-reference: the table name gives the children, the FK column the parent', () => {
    expect(card('people', 'people')).toBe('O2M')
    expect(card('people', 'manager_id')).toBe('M2O')
    expect(card('people', 'people', 'manager_id')).toBe('O2M')
  })

  it('finds computed relationships by function name', () => {
    expect(find('people', 'best_friend')).toMatchObject({ kind: 'computed', toOne: true })
  })

  it('refuses an ambiguous embed with 300 PGRST201 and the candidates as an array', () => {
    expect(refusal('people', 'messages')).toEqual({
      status: 300,
      code: 'PGRST201',
      message: "Could not embed because more than one relationship was found for 'people' and 'messages'",
      details: [
        {
          cardinality: 'one-to-many',
          embedding: 'people with messages',
          relationship: 'messages_sender_id_fkey using people(id) and messages(sender_id)',
        },
        {
          cardinality: 'one-to-many',
          embedding: 'people with messages',
          relationship: 'messages_receiver_id_fkey using people(id) and messages(receiver_id)',
        },
      ],
      hint: "Try changing 'messages' to one of the following: 'messages!messages_sender_id_fkey', 'messages!messages_receiver_id_fkey'. Find the desired relationship in the 'details' key.",
    })
  })

  it('refuses an unknown embed with 400 PGRST200 and a suggestion', () => {
    expect(refusal('people', 'team')).toEqual({
      status: 400,
      code: 'PGRST200',
      message: "Could not find a relationship between 'people' and 'team' in the schema cache",
      details:
        "Searched for a foreign key relationship between 'people' and 'team' in the schema 'public', but no matches were found.",
      hint: "Perhaps you meant 'teams' instead of 'team'.",
    })
    expect(refusal('people', 'teams', 'nope')).toMatchObject({
      details:
        "Searched for a foreign key relationship between 'people' and 'teams' using the hint 'nope' in the schema 'public', but no matches were found.",
    })
  })
})
