// `response.status` and `response.headers`, set by SQL during the request, override the
// reply as PostgREST documents; malformed values are PGRST111 / PGRST112.
import { RestError } from './errors.ts'
import type { ResultRow } from './query/statements.ts'
import type { Reply } from './respond.ts'

const badHeaders = () =>
  new RestError(
    500,
    'PGRST111',
    'response.headers guc must be a JSON array composed of objects with a single key and a string value',
  )

function parseHeaders(raw: string): Array<[string, string]> {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw badHeaders()
  }
  if (!Array.isArray(value)) throw badHeaders()
  return value.map((entry) => {
    const pairs = entry && typeof entry === 'object' ? Object.entries(entry as object) : []
    if (pairs.length !== 1 || typeof pairs[0]![1] !== 'string') throw badHeaders()
    return [pairs[0]![0].toLowerCase(), pairs[0]![1] as string]
  })
}

export function gucOverrides(reply: Reply, r: ResultRow): Reply {
  let { status, headers } = reply
  if (r.response_status !== null) {
    const n = Number(r.response_status)
    if (!/^\d+$/.test(r.response_status.trim()) || n < 100 || n > 599)
      throw new RestError(500, 'PGRST112', 'response.status guc must be a valid status code')
    status = n
  }
  if (r.response_headers !== null)
    headers = { ...headers, ...Object.fromEntries(parseHeaders(r.response_headers)) }
  return { ...reply, status, headers }
}
