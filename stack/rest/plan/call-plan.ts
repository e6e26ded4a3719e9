// Picks the function an RPC call means, as PostgREST does: the overload whose required and
// optional parameters fit the argument names, else one with a single unnamed json/jsonb
// (text, xml, bytea) parameter for the body; PGRST202 with a hint when none fits, PGRST203
// when several do.
import { RestError } from '../errors.ts'
import type { MediaType } from '../request/media.ts'
import type { ApiRequest } from '../request/types.ts'
import type { Routine, SchemaCache } from '../schema-cache/types.ts'
import { closest } from './fuzzy.ts'

const BODY_TYPES: Record<string, string[]> = {
  json: ['json', 'jsonb'],
  text: ['text'],
  xml: ['xml'],
  octet: ['bytea'],
}

function bodyTypesFor(mt: MediaType): string[] {
  return BODY_TYPES[mt.kind === 'any' ? 'json' : mt.kind] ?? []
}

function fits(r: Routine, keys: Set<string>, isPost: boolean, contentType: MediaType): boolean {
  if (!r.params.length)
    return keys.size === 0 && !(isPost && ['octet', 'text', 'xml'].includes(contentType.kind))
  const required = r.params.filter((p) => p.required).map((p) => p.name)
  const optional = new Set(r.params.filter((p) => !p.required).map((p) => p.name))
  const rest = [...keys].filter((k) => !optional.has(k))
  return rest.length === required.length && required.every((n) => keys.has(n))
}

const singleUnnamed = (r: Routine, isPost: boolean, contentType: MediaType) =>
  isPost &&
  r.params.length === 1 &&
  r.params[0]!.name === '' &&
  bodyTypesFor(contentType).includes(r.params[0]!.type)

const sorted = (xs: string[]) => `(${xs.toSorted().join(', ')})`

const signature = (r: Routine) =>
  `${r.schema}.${r.name}(${r.params.map((p) => `${p.name} => ${p.type}`).join(', ')})`

function noFunction(
  cache: SchemaCache,
  schema: string,
  name: string,
  keys: string[],
  isPost: boolean,
  ct: MediaType,
  overloads: Routine[],
): RestError {
  const func = `${schema}.${name}`
  const onlyBody = isPost && ['text', 'xml', 'octet'].includes(ct.kind)
  const listed = keys.length ? `(${keys.join(', ')})` : ' without parameters'
  const withParams = keys.length
    ? ` with parameter${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`
    : ' without parameters'
  const searched: Record<string, string> = {
    text: ' with a single unnamed text parameter',
    xml: ' with a single unnamed xml parameter',
    octet: ' with a single unnamed bytea parameter',
  }
  const how =
    isPost && searched[ct.kind]
      ? searched[ct.kind]!
      : isPost && ['json', 'any'].includes(ct.kind)
        ? `${withParams} or with a single unnamed json/jsonb parameter`
        : withParams
  let hint: string | undefined
  if (!onlyBody) {
    if (!overloads.length) {
      const names = [...cache.routines.values()]
        .flat()
        .filter((r) => r.schema === schema)
        .map((r) => r.name)
      const near = closest(name, [...new Set(names)], false, 0.75)
      if (near) hint = `Perhaps you meant to call the function ${schema}.${near}`
    } else {
      const near = closest(
        sorted(keys),
        overloads.map((o) => sorted(o.params.map((p) => p.name))),
      )
      if (near) hint = `Perhaps you meant to call the function ${func}${near}`
    }
  }
  return new RestError(
    404,
    'PGRST202',
    `Could not find the function ${func}${onlyBody ? '' : listed} in the schema cache`,
    `Searched for the function ${func}${how}, but no matches were found in the schema cache.`,
    hint ?? null,
  )
}

/** Argument names: GET/HEAD query parameters, a form body, or the JSON body's keys. */
export function argumentKeys(req: ApiRequest): string[] {
  if (req.method === 'GET' || req.method === 'HEAD') return [...new Set(req.query.rpcArgs.map(([k]) => k))]
  if (req.payload?.kind === 'form') return [...new Set(req.payload.args.map(([k]) => k))]
  if (req.payload?.kind === 'json') return req.payload.keys
  return []
}

export function findRoutine(cache: SchemaCache, req: ApiRequest, name: string): Routine {
  const keys = argumentKeys(req)
  const keySet = new Set(keys)
  const isPost = req.method === 'POST'
  const overloads = cache.routines.get(`${req.schema}.${name}`) ?? []
  const matching = overloads.filter((r) => fits(r, keySet, isPost, req.contentType))
  const fallback = overloads.filter(
    (r) => !fits(r, keySet, isPost, req.contentType) && singleUnnamed(r, isPost, req.contentType),
  )
  const pick = matching.length ? matching : fallback
  if (pick.length === 1) return pick[0]!
  if (pick.length > 1)
    throw new RestError(
      300,
      'PGRST203',
      `Could not choose the best candidate function between: ${pick.map(signature).join(', ')}`,
      null,
      'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
    )
  throw noFunction(cache, req.schema, name, keys.toSorted(), isPost, req.contentType, overloads)
}
