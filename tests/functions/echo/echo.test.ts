// A Deno unit test of a function module, run by `deno test` from npm test.
import assert from 'node:assert/strict'
import { describe } from './index.ts'

Deno.test('describe() reports method, path, query and body', () => {
  const req = new Request('http://localhost/echo/a/b?x=1', { method: 'POST', headers: { 'x-custom': 'y' } })
  const d = describe(req, 'hi')
  assert.equal(d.method, 'POST')
  assert.equal(d.path, '/echo/a/b')
  assert.deepEqual(d.query, { x: '1' })
  assert.equal(d.headers['x-custom'], 'y')
  assert.equal(d.body, 'hi')
})
