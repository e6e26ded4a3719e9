// Reads the dashboard's list page by page through the REST API as the caller (so their RLS
// applies), newest first, with a keyset cursor on (created_at, id): each order once, however
// the list changes meanwhile, and never more than one page in memory.
import { ORDER_STATUSES } from '../_shared/order-status.ts'
import { type ExportRow, SELECT } from './csv.ts'

export const STATUSES = ORDER_STATUSES

/** The dashboard's current filter: the same fields its list query uses. */
export interface ExportFilter {
  status?: (typeof STATUSES)[number]
  search?: string
  customerId?: string
}

const UUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i

/** The filter from a request body, or a message saying what is wrong with it. */
export function parseFilter(body: unknown): ExportFilter | string {
  if (body === null || body === undefined) return {}
  if (typeof body !== 'object' || Array.isArray(body)) return 'Send a JSON object.'
  const { status, search, customer_id: customerId } = body as Record<string, unknown>
  const filter: ExportFilter = {}
  if (status !== undefined && status !== null && status !== '') {
    if (!STATUSES.includes(status as never)) return `status must be one of ${STATUSES.join(', ')}.`
    filter.status = status as ExportFilter['status']
  }
  if (search !== undefined && search !== null) {
    if (typeof search !== 'string' || search.length > 200)
      return 'search must be text of at most 200 characters.'
    filter.search = search
  }
  if (customerId !== undefined && customerId !== null) {
    if (typeof customerId !== 'string' || !UUID.test(customerId)) return 'customer_id must be a uuid.'
    filter.customerId = customerId
  }
  return filter
}

// Characters PostgREST's logic trees give meaning to are dropped, as the app's search does.
const searchTerm = (text: string) => text.replace(/[(),*%\\"]/g, ' ').trim()

export interface Cursor {
  created_at: string
  id: string
}

/** The query string of one page: the filter, then everything older than `after`. */
export function pageQuery(filter: ExportFilter, after: Cursor | undefined, size: number): URLSearchParams {
  const q = new URLSearchParams({ select: SELECT, order: 'created_at.desc,id.desc', limit: String(size) })
  if (filter.status) q.set('status', `eq.${filter.status}`)
  if (filter.customerId) q.set('customer_id', `eq.${filter.customerId}`)
  const trees: string[] = []
  const term = filter.search ? searchTerm(filter.search) : ''
  if (term) {
    trees.push(
      `or(${['number', 'customer_name', 'customer_email'].map((c) => `${c}.ilike."*${term}*"`).join(',')})`,
    )
  }
  if (after) {
    const at = `"${after.created_at}"`
    trees.push(`or(created_at.lt.${at},and(created_at.eq.${at},id.lt.${after.id}))`)
  }
  if (trees.length) q.set('and', `(${trees.join(',')})`)
  return q
}

export type FetchPage = (query: URLSearchParams) => Promise<ExportRow[]>

/**
 * Every row of the filtered list, a page at a time; the next page is read when asked for.
 * It ends at an empty page, not a short one: the server's max-rows may cap any page.
 */
export async function* pages(
  filter: ExportFilter,
  fetchPage: FetchPage,
  size = 1000,
): AsyncGenerator<ExportRow[]> {
  let after: Cursor | undefined
  for (;;) {
    const rows = await fetchPage(pageQuery(filter, after, size))
    if (!rows.length) return
    yield rows
    const last = rows[rows.length - 1]!
    after = { created_at: last.created_at, id: last.id }
  }
}
