// A schema cache for the plan stage's unit tests: people managing people (self-reference),
// passports (one-to-one), teams through people_teams (many-to-many), messages with two
// foreign keys to people (ambiguous), a computed relationship, and overloaded functions.
import { foreignKeyRelationships, groupRelationships, manyToManyRelationships } from '../schema-cache/load.ts'
import type {
  Column,
  Relationship,
  Routine,
  RoutineParam,
  SchemaCache,
  Table,
} from '../schema-cache/types.ts'

const col = (name: string, type = 'integer'): Column => ({
  name,
  type,
  nominalType: type,
  nullable: true,
  default: null,
  maxLength: null,
  enum: [],
  description: null,
})

function table(name: string, columns: Array<string | [string, string]>, pk: string[]): Table {
  const cols = columns.map((c) => (typeof c === 'string' ? col(c) : col(c[0], c[1])))
  return {
    schema: 'public',
    name,
    description: null,
    isView: false,
    insertable: true,
    updatable: true,
    deletable: true,
    pk,
    columns: new Map(cols.map((c) => [c.name, c])),
  }
}

const fk = (
  tableName: string,
  constraint: string,
  foreign: string,
  columns: Array<[string, string]>,
  oneToOne = false,
) => ({
  schema: 'public',
  table: tableName,
  foreignSchema: 'public',
  foreignTable: foreign,
  constraint,
  columns,
  oneToOne,
  tableIsView: false,
  foreignTableIsView: false,
})

const param = (name: string, type: string, required = true): RoutineParam => ({
  name,
  type,
  typeMaxLength: type,
  required,
  variadic: false,
})

function routine(name: string, params: RoutineParam[], returns: Partial<Routine['returns']> = {}): Routine {
  return {
    schema: 'public',
    name,
    description: null,
    params,
    returns: {
      setOf: false,
      composite: false,
      type: { schema: 'pg_catalog', name: 'int4' },
      compositeAlias: false,
      ...returns,
    },
    volatility: 'volatile',
    hasVariadic: false,
    settings: [],
  }
}

export function fixtureCache(): SchemaCache {
  const tables = [
    table(
      'people',
      ['id', ['name', 'text'], 'manager_id', ['data', 'jsonb'], ['search', 'tsvector']],
      ['id'],
    ),
    table('teams', ['id', ['name', 'text']], ['id']),
    table('people_teams', ['person_id', 'team_id'], ['person_id', 'team_id']),
    table('passports', ['id', 'person_id', ['code', 'text']], ['id']),
    table('messages', ['id', 'sender_id', 'receiver_id', ['body', 'text'], 'amount'], ['id']),
  ]
  const tableMap = new Map(tables.map((t) => [`public.${t.name}`, t]))
  const fkRels = foreignKeyRelationships([
    fk('people', 'people_manager_id_fkey', 'people', [['manager_id', 'id']]),
    fk('people_teams', 'people_teams_person_id_fkey', 'people', [['person_id', 'id']]),
    fk('people_teams', 'people_teams_team_id_fkey', 'teams', [['team_id', 'id']]),
    fk('passports', 'passports_person_id_fkey', 'people', [['person_id', 'id']], true),
    fk('messages', 'messages_sender_id_fkey', 'people', [['sender_id', 'id']]),
    fk('messages', 'messages_receiver_id_fkey', 'people', [['receiver_id', 'id']]),
  ])
  const computed: Relationship[] = [
    {
      kind: 'computed',
      function: { schema: 'public', name: 'best_friend' },
      table: { schema: 'public', name: 'people' },
      foreignTable: { schema: 'public', name: 'people' },
      toOne: true,
      isSelf: true,
    },
  ]
  const routines = [
    routine('add', [param('a', 'integer'), param('b', 'integer')]),
    routine('add', [param('a', 'integer'), param('b', 'integer'), param('c', 'integer')]),
    routine('echo', [param('', 'text')], { type: { schema: 'pg_catalog', name: 'text' } }),
    routine('echo', [param('', 'json')], { type: { schema: 'pg_catalog', name: 'json' } }),
    routine('shout', [param('', 'text')], { type: { schema: 'pg_catalog', name: 'text' } }),
    routine('pick', [param('x', 'integer')]),
    routine('pick', [param('x', 'text')]),
    routine('with_default', [param('a', 'integer'), param('b', 'integer', false)]),
    routine('team_members', [param('team', 'integer')], {
      setOf: true,
      composite: true,
      type: { schema: 'public', name: 'people' },
    }),
  ]
  const byName = new Map<string, Routine[]>()
  for (const r of routines) byName.set(`public.${r.name}`, [...(byName.get(`public.${r.name}`) ?? []), r])
  return {
    schemas: ['public'],
    tables: tableMap,
    relationships: groupRelationships([...fkRels, ...manyToManyRelationships(fkRels, tableMap)], computed),
    routines: byName,
    timezones: new Set(),
  }
}
