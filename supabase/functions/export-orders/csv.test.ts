import assert from 'node:assert/strict'
import { amount, cell, line, rowLine, utc } from './csv.ts'

Deno.test('cells are quoted only when they hold a comma, a quote or a line break', () => {
  assert.equal(cell('plain'), 'plain')
  assert.equal(cell('a, b'), '"a, b"')
  assert.equal(cell('say "hi"'), '"say ""hi"""')
  assert.equal(cell('two\nlines'), '"two\nlines"')
  assert.equal(cell(null), '')
  assert.equal(line(['a', null, 3]), 'a,,3\r\n')
})

Deno.test('a cell a spreadsheet would run as a formula stays text; plain numbers stay numbers', () => {
  assert.equal(cell('=1+1'), "'=1+1")
  assert.equal(cell('+44 20 7946 0000'), "'+44 20 7946 0000")
  assert.equal(cell('-2+3'), "'-2+3")
  assert.equal(cell('@SUM(A1)'), "'@SUM(A1)")
  assert.equal(cell('\t=1'), "'\t=1")
  assert.equal(cell('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"')
  assert.equal(cell('-12.50'), '-12.50')
})

Deno.test('amounts are cents as a decimal; times are UTC to the second', () => {
  assert.equal(amount(0), '0.00')
  assert.equal(amount(5), '0.05')
  assert.equal(amount(123456), '1234.56')
  assert.equal(utc('2026-11-26T12:04:21.228823+00:00'), '2026-11-26 12:04:21')
  assert.equal(utc('2026-11-26T01:00:00+02:00'), '2026-11-25 23:00:00')
})

Deno.test('a row has the columns in the header’s order', () => {
  const text = rowLine({
    id: 'x',
    number: 'ORD-000001',
    customer_name: 'Ada',
    customer_email: 'ada@example.com',
    status: 'shipped',
    total_cents: 4999,
    currency: 'EUR',
    created_at: '2026-11-20T10:00:00+00:00',
    updated_at: '2026-11-21T10:00:00+00:00',
    carrier: 'DHL',
    tracking_number: 'TRK1',
    estimated_delivery: '2026-11-24',
  })
  assert.equal(
    text,
    'ORD-000001,Ada,ada@example.com,shipped,49.99,EUR,2026-11-20 10:00:00,2026-11-21 10:00:00,DHL,TRK1,2026-11-24\r\n',
  )
})
