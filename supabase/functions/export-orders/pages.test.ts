import assert from 'node:assert/strict'
import type { ExportRow } from './csv.ts'
import { pageQuery, pages, parseFilter } from './pages.ts'

Deno.test('the filter comes from the body, checked', () => {
  assert.deepEqual(parseFilter(null), {})
  assert.deepEqual(
    parseFilter({ status: 'pending', search: 'ada', customer_id: '8f3c4a52-0d7e-4a55-9a55-3f1c2b4d5e6f' }),
    {
      status: 'pending',
      search: 'ada',
      customerId: '8f3c4a52-0d7e-4a55-9a55-3f1c2b4d5e6f',
    },
  )
  assert.deepEqual(parseFilter({ status: '' }), {})
  assert.match(parseFilter({ status: 'lost' }) as string, /^status must be one of/)
  assert.match(parseFilter({ customer_id: "1' or 1=1" }) as string, /uuid/)
  assert.match(parseFilter([]) as string, /JSON object/)
})

Deno.test('a page query: filter, newest first, then everything older than the cursor', () => {
  const q = pageQuery(
    { status: 'shipped', search: 'ada (x)', customerId: 'c1' },
    { created_at: '2026-11-26T12:00:00.5+00:00', id: 'i9' },
    1000,
  )
  assert.equal(q.get('order'), 'created_at.desc,id.desc')
  assert.equal(q.get('limit'), '1000')
  assert.equal(q.get('status'), 'eq.shipped')
  assert.equal(q.get('customer_id'), 'eq.c1')
  assert.equal(
    q.get('and'),
    '(or(number.ilike."*ada  x*",customer_name.ilike."*ada  x*",customer_email.ilike."*ada  x*"),' +
      'or(created_at.lt."2026-11-26T12:00:00.5+00:00",and(created_at.eq."2026-11-26T12:00:00.5+00:00",id.lt.i9)))',
  )
  assert.equal(pageQuery({}, undefined, 10).get('and'), null)
})

const row = (id: string, at: string) => ({ id, created_at: at }) as ExportRow

Deno.test(
  'pages go on until an empty page, even when the server caps a page below the size asked',
  async () => {
    const data = [row('c', '3'), row('b', '2'), row('a', '1')]
    const asked: (string | null)[] = []
    const got: string[][] = []
    // A server whose max-rows (2) is below the page size (1000).
    const fetchPage = (q: URLSearchParams) => {
      asked.push(q.get('and'))
      const after = q.get('and')?.match(/id\.lt\.(\w)/)?.[1]
      const rest = after ? data.filter((r) => r.id < after) : data
      return Promise.resolve(rest.slice(0, 2))
    }
    for await (const page of pages({}, fetchPage)) got.push(page.map((r) => r.id))
    assert.deepEqual(got, [['c', 'b'], ['a']])
    assert.equal(asked.length, 3)
  },
)
