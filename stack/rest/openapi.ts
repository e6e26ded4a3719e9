// GET /rest/v1/: the exposed schema as an OpenAPI 2.0 document, as PostgREST serves it,
// listing only what the caller's role can reach (see inspect.ts).
import type { Column, Routine, SchemaCache, Table } from './schema-cache/types.ts'

/** What the caller's role may reach, from `query/inspect.ts`. */
export interface Reachable {
  tables: Set<string>
  functions: Set<string>
  description: string | null
}

function jsonType(pgType: string): { type: string; format: string } {
  const t = pgType.replace(/\(.*\)/, '')
  if (t.endsWith('[]')) return { type: 'array', format: t }
  if (/^(smallint|integer|bigint)$/.test(t)) return { type: 'integer', format: t }
  if (/^(numeric|real|double precision)$/.test(t)) return { type: 'number', format: t }
  if (t === 'boolean') return { type: 'boolean', format: t }
  if (t === 'json' || t === 'jsonb') return { type: 'object', format: t }
  return { type: 'string', format: t }
}

function property(table: Table, c: Column) {
  const notes = [table.pk.includes(c.name) ? 'Note:\nThis is a Primary Key.<pk/>' : undefined, c.description]
  const description = notes.filter(Boolean).join('\n')
  return {
    ...jsonType(c.nominalType),
    ...(c.default !== null ? { default: c.default } : {}),
    ...(c.enum.length ? { enum: c.enum } : {}),
    ...(c.maxLength !== null ? { maxLength: c.maxLength } : {}),
    ...(description ? { description } : {}),
  }
}

function tablePaths(t: Table) {
  const ref = { $ref: `#/definitions/${t.name}` }
  const tags = [t.name]
  return {
    get: {
      tags,
      summary: t.description ?? undefined,
      produces: ['application/json', 'application/vnd.pgrst.object+json', 'text/csv'],
      responses: {
        200: { description: 'OK', schema: { type: 'array', items: ref } },
        206: { description: 'Partial Content' },
      },
    },
    ...(t.insertable
      ? {
          post: {
            tags,
            parameters: [{ name: 'body', in: 'body', schema: ref }],
            responses: { 201: { description: 'Created' } },
          },
        }
      : {}),
    ...(t.updatable
      ? {
          patch: {
            tags,
            parameters: [{ name: 'body', in: 'body', schema: ref }],
            responses: { 204: { description: 'No Content' } },
          },
        }
      : {}),
    ...(t.deletable ? { delete: { tags, responses: { 204: { description: 'No Content' } } } } : {}),
  }
}

function routinePath(r: Routine) {
  return {
    post: {
      tags: ['(rpc) ' + r.name],
      summary: r.description ?? undefined,
      parameters: [
        {
          name: 'args',
          in: 'body',
          required: true,
          schema: {
            type: 'object',
            required: r.params.filter((p) => p.required).map((p) => p.name),
            properties: Object.fromEntries(r.params.map((p) => [p.name, jsonType(p.type)])),
          },
        },
      ],
      responses: { 200: { description: 'OK' } },
    },
  }
}

export function openApi(cache: SchemaCache, schema: string, host: string, reach: Reachable) {
  const paths: Record<string, unknown> = {
    '/': {
      get: {
        produces: ['application/openapi+json', 'application/json'],
        responses: { 200: { description: 'OK' } },
        summary: 'OpenAPI description (this document)',
        tags: ['Introspection'],
      },
    },
  }
  const definitions: Record<string, unknown> = {}
  for (const t of cache.tables.values()) {
    if (t.schema !== schema || !reach.tables.has(t.name)) continue
    paths[`/${t.name}`] = tablePaths(t)
    definitions[t.name] = {
      type: 'object',
      description: t.description ?? undefined,
      required: [...t.columns.values()].filter((c) => !c.nullable && c.default === null).map((c) => c.name),
      properties: Object.fromEntries([...t.columns.values()].map((c) => [c.name, property(t, c)])),
    }
  }
  for (const list of cache.routines.values())
    for (const r of list)
      if (r.schema === schema && reach.functions.has(r.name)) paths[`/rpc/${r.name}`] = routinePath(r)
  return {
    swagger: '2.0',
    info: {
      title: 'Realtime Orders local REST API (PostgREST-compatible)',
      description: reach.description ?? undefined,
      version: '13',
    },
    host,
    basePath: '/rest/v1',
    schemes: ['http'],
    consumes: ['application/json', 'application/vnd.pgrst.object+json', 'text/csv'],
    produces: ['application/json', 'application/vnd.pgrst.object+json', 'text/csv'],
    paths,
    definitions,
  }
}
