// export-orders: the dashboard's filtered list as CSV, every page of it, for admins only.
// Streamed: rows are read through the REST API as the caller, a page at a time with a keyset
// cursor, and each page is written out before the next is read, so memory stays at one page
// whatever the size of the list. Body (all optional): { status, search, customer_id }, the
// dashboard's filter. Env: SUPABASE_URL, SUPABASE_ANON_KEY.
import { callerIsAdmin } from '../_shared/caller.ts'
import { corsHeaders, json, requireEnv } from '../_shared/http.ts'
import { SupabaseApiError } from '../_shared/rest.ts'
import { type ExportRow, HEADER, line, rowLine } from './csv.ts'
import { type ExportFilter, type FetchPage, pages, parseFilter } from './pages.ts'

// Excel reads a CSV as UTF-8 only when it starts with a byte order mark.
const BOM = '\uFEFF'

function restAsCaller(supabaseUrl: string, anonKey: string, authorization: string): FetchPage {
  return async (query) => {
    const res = await fetch(`${supabaseUrl}/rest/v1/order_list?${query}`, {
      headers: { apikey: anonKey, authorization, accept: 'application/json' },
    })
    const body = await res.json().catch(() => null)
    if (!res.ok) throw new SupabaseApiError(res.status, body)
    return body as ExportRow[]
  }
}

/** The CSV text, one chunk for the header and one per page, produced as the reader pulls. */
async function* csvChunks(first: IteratorResult<ExportRow[]>, rest: AsyncGenerator<ExportRow[]>) {
  const encoder = new TextEncoder()
  yield encoder.encode(BOM + line(HEADER))
  for (let page = first; !page.done; page = await rest.next()) {
    yield encoder.encode(page.value.map(rowLine).join(''))
  }
}

async function exportOrders(req: Request): Promise<Response> {
  const supabaseUrl = requireEnv('SUPABASE_URL').replace(/\/+$/, '')
  const anonKey = requireEnv('SUPABASE_ANON_KEY')
  const authorization = req.headers.get('authorization') ?? ''
  if (!(await callerIsAdmin(supabaseUrl, anonKey, authorization))) {
    return json(403, { code: 'not_admin', message: 'Only admins can export orders.' })
  }
  const text = await req.text()
  let body: unknown = null
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    return json(400, { code: 'bad_request', message: 'Send a JSON object.' })
  }
  const filter: ExportFilter | string = parseFilter(body)
  if (typeof filter === 'string') return json(400, { code: 'bad_request', message: filter })

  const rows = pages(filter, restAsCaller(supabaseUrl, anonKey, authorization))
  // The first page is read before answering, so a refusal is an error reply, not a broken file.
  const first = await rows.next()
  const day = new Date().toISOString().slice(0, 10)
  return new Response(ReadableStream.from(csvChunks(first, rows)), {
    headers: {
      ...corsHeaders,
      'access-control-expose-headers': 'content-disposition',
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="orders-${day}.csv"`,
      'cache-control': 'no-store',
    },
  })
}

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return new Response('ok', { headers: corsHeaders })
  if (req.method !== 'POST') return json(405, { code: 'method_not_allowed', message: 'Use POST.' })
  try {
    return await exportOrders(req)
  } catch (err) {
    console.error('export failed:', err)
    if (err instanceof SupabaseApiError && err.status < 500) {
      return json(err.status, { code: 'rest_error', message: err.message })
    }
    return json(500, { code: 'unexpected', message: err instanceof Error ? err.message : String(err) })
  }
})
