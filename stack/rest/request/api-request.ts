// Reads an HTTP request into an ApiRequest: target, schema, query parameters, Prefer,
// media types, Range and payload. Pure: the body arrives already read.
import { RestError } from '../errors.ts'
import { decodeMediaType, parseAccept, type MediaType } from './media.ts'
import { parsePreferences } from './preferences.ts'
import { parseQueryParams } from './query-params.ts'
import type { ApiRequest, Payload, Range, Target } from './types.ts'

export interface RawRequest {
  method: string
  /** The path below /rest/v1, e.g. `/todos` or `/rpc/fn`. */
  path: string
  search: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

export interface RequestSettings {
  schemas: string[]
  timezones: ReadonlySet<string>
}

const header = (h: RawRequest['headers'], name: string) => {
  const v = h[name]
  return Array.isArray(v) ? v[0] : v
}
const READS = new Set(['GET', 'HEAD'])

function target(path: string): Target {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent)
  if (parts.length === 0) return { kind: 'root' }
  if (parts.length === 1) return { kind: 'relation', name: parts[0]! }
  if (parts.length === 2 && parts[0] === 'rpc') return { kind: 'routine', name: parts[1]! }
  throw new RestError(404, 'PGRST125', 'Invalid path specified in request URL')
}

function checkMethod(method: string, t: Target): void {
  if (method === 'OPTIONS') return
  if (t.kind === 'routine' && !['GET', 'HEAD', 'POST'].includes(method))
    throw new RestError(405, 'PGRST101', `Cannot use the ${method} method on RPC`)
  const allowed = t.kind === 'root' ? ['GET', 'HEAD'] : ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE']
  if (!allowed.includes(method)) throw new RestError(405, 'PGRST117', `Unsupported HTTP method: ${method}`)
}

function schemaOf(raw: RawRequest, settings: RequestSettings): { schema: string; byProfile: boolean } {
  const name = READS.has(raw.method) ? 'accept-profile' : 'content-profile'
  const wanted = header(raw.headers, name)
  if (wanted === undefined) return { schema: settings.schemas[0]!, byProfile: false }
  if (!settings.schemas.includes(wanted))
    throw new RestError(
      406,
      'PGRST106',
      `Invalid schema: ${wanted}`,
      null,
      `Only the following schemas are exposed: ${settings.schemas.join(', ')}`,
    )
  return { schema: wanted, byProfile: true }
}

/** `Range: 0-9` → offset 0, limit 10; anything else is ignored as PostgREST does. */
function rangeHeader(value: string | undefined): Range | undefined {
  const m = value?.match(/^(\d+)-(\d*)$/)
  if (!m) return undefined
  const offset = Number(m[1])
  if (m[2] === '') return { offset }
  const upper = Number(m[2])
  if (upper < offset)
    throw new RestError(
      416,
      'PGRST103',
      'Requested range not satisfiable',
      'The lower boundary must be lower than or equal to the upper boundary in the Range header.',
    )
  return { offset, limit: upper - offset + 1 }
}

const invalidJson = () => new RestError(400, 'PGRST102', 'Empty or invalid json')
const keysOf = (r: object) => Object.keys(r).toSorted().join('\u0000')

function jsonPayload(body: Buffer, columns: string[] | undefined): Payload {
  const raw = body.length ? body.toString('utf8') : '{}'
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw invalidJson()
  }
  if (typeof value !== 'object' || value === null) throw invalidJson()
  const rows = Array.isArray(value) ? value : [value]
  if (!rows.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r))) throw invalidJson()
  if (!columns && rows.some((r) => keysOf(r as object) !== keysOf(rows[0] as object)))
    throw new RestError(400, 'PGRST102', 'All object keys must match')
  const keys = columns ?? (rows.length ? Object.keys(rows[0] as object) : [])
  return { kind: 'json', raw, keys, isArray: Array.isArray(value), isEmpty: rows.length === 0 }
}

function payloadOf(raw: RawRequest, contentType: MediaType, columns: string[] | undefined): Payload {
  if (contentType.kind === 'form')
    return { kind: 'form', args: [...new URLSearchParams(raw.body.toString('utf8'))] }
  if (contentType.kind === 'json' || contentType.kind === 'any' || contentType.kind === 'object')
    return jsonPayload(raw.body, columns)
  return { kind: 'raw', raw: raw.body, mediaType: contentType }
}

export function cookiesOf(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (value ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim()
  }
  return out
}

export function headersOf(h: RawRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {}
  for (const k of Object.keys(h)) {
    const v = h[k]
    if (k !== 'cookie' && v !== undefined) out[k] = typeof v === 'string' ? v : v.join(', ')
  }
  return out
}

export function parseApiRequest(raw: RawRequest, settings: RequestSettings): ApiRequest {
  const method = raw.method.toUpperCase()
  const t = target(raw.path)
  checkMethod(method, t)
  const { schema, byProfile } = schemaOf(raw, settings)
  const query = parseQueryParams(new URLSearchParams(raw.search), t.kind === 'routine' && READS.has(method))
  const contentType = decodeMediaType(header(raw.headers, 'content-type') ?? 'application/json')
  const hasBody = ['POST', 'PATCH', 'PUT'].includes(method)
  return {
    method,
    path: raw.path,
    target: t,
    schema,
    negotiatedByProfile: byProfile,
    query,
    prefs: parsePreferences([raw.headers.prefer ?? []].flat(), settings.timezones),
    accept: parseAccept(header(raw.headers, 'accept')),
    contentType,
    payload: hasBody ? payloadOf(raw, contentType, query.columns) : undefined,
    topRange: READS.has(method) ? rangeHeader(header(raw.headers, 'range')) : undefined,
    headers: headersOf(raw.headers),
    cookies: cookiesOf(header(raw.headers, 'cookie')),
  }
}
