// GET /rest/v1/: the exposed schema as an OpenAPI 2.0 document, as PostgREST serves it.
import type { SchemaCache } from './schema-cache.ts'

function jsonType(pgType: string): { type: string; format: string } {
  const t = pgType.replace(/\(.*\)/, '')
  if (t.endsWith('[]')) return { type: 'array', format: t }
  if (/^(smallint|integer|bigint)$/.test(t)) return { type: 'integer', format: t }
  if (/^(numeric|real|double precision)$/.test(t)) return { type: 'number', format: t }
  if (t === 'boolean') return { type: 'boolean', format: t }
  if (t === 'json' || t === 'jsonb') return { type: 'object', format: t }
  return { type: 'string', format: t }
}

/** What the caller's role may reach, from `query/inspect.ts`. */
export interface Reachable {
  tables: Set<string>
  functions: Set<string>
  description: string | null
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
  for (const rel of cache.relations.values()) {
    if (rel.schema !== schema || !reach.tables.has(rel.name)) continue
    const writable = rel.kind === 'r' || rel.kind === 'p' || rel.kind === 'v'
    const ref = { $ref: `#/definitions/${rel.name}` }
    paths[`/${rel.name}`] = {
      get: {
        tags: [rel.name],
        summary: rel.comment ?? undefined,
        produces: ['application/json', 'application/vnd.pgrst.object+json', 'text/csv'],
        responses: {
          200: { description: 'OK', schema: { type: 'array', items: ref } },
          206: { description: 'Partial Content' },
        },
      },
      ...(writable
        ? {
            post: {
              tags: [rel.name],
              parameters: [{ name: 'body', in: 'body', schema: ref }],
              responses: { 201: { description: 'Created' } },
            },
            patch: {
              tags: [rel.name],
              parameters: [{ name: 'body', in: 'body', schema: ref }],
              responses: { 204: { description: 'No Content' } },
            },
            delete: { tags: [rel.name], responses: { 204: { description: 'No Content' } } },
          }
        : {}),
    }
    definitions[rel.name] = {
      type: 'object',
      description: rel.comment ?? undefined,
      required: [...rel.columns.values()].filter((c) => !c.nullable && !c.hasDefault).map((c) => c.name),
      properties: Object.fromEntries(
        [...rel.columns.values()].map((c) => [
          c.name,
          {
            ...jsonType(c.type),
            ...(rel.pk.includes(c.name) ? { description: 'Note:\nThis is a Primary Key.<pk/>' } : {}),
          },
        ]),
      ),
    }
  }
  for (const list of cache.functions.values()) {
    for (const fn of list) {
      if (fn.schema !== schema || !reach.functions.has(fn.name)) continue
      paths[`/rpc/${fn.name}`] = {
        post: {
          tags: ['(rpc) ' + fn.name],
          parameters: [
            {
              name: 'args',
              in: 'body',
              required: true,
              schema: {
                type: 'object',
                required: fn.args.filter((a) => !a.hasDefault).map((a) => a.name),
                properties: Object.fromEntries(fn.args.map((a) => [a.name, jsonType(a.type)])),
              },
            },
          ],
          responses: { 200: { description: 'OK' } },
        },
      }
    }
  }
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
