// CSV for spreadsheets (RFC 4180): the export's columns, quoting, and the guard that keeps
// a cell from being read as a formula.

/** One row of the dashboard's list (the order_list view), as the export reads it. */
export interface ExportRow {
  id: string
  number: string
  customer_name: string
  customer_email: string
  status: string
  total_cents: number
  currency: string
  created_at: string
  updated_at: string
  carrier: string | null
  tracking_number: string | null
  estimated_delivery: string | null
}

/** The view's columns the export needs, in PostgREST's select syntax. */
export const SELECT =
  'id,number,customer_name,customer_email,status,total_cents,currency,created_at,updated_at,carrier,tracking_number,estimated_delivery'

export const HEADER = [
  'Number',
  'Customer name',
  'Customer email',
  'Status',
  'Total',
  'Currency',
  'Created (UTC)',
  'Updated (UTC)',
  'Carrier',
  'Tracking number',
  'ETA',
]

// A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV
// injection"): a customer named "=HYPERLINK(...)" must stay text.
const FORMULA_START = /^[=+\-@\t\r]/
const NUMBER = /^-?\d+(\.\d+)?$/

export function cell(value: string | number | null): string {
  if (value === null) return ''
  let text = String(value)
  if (typeof value === 'string' && FORMULA_START.test(text) && !NUMBER.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** Cents as a plain decimal (the app shows amounts as cents / 100 in every currency). */
export function amount(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** A timestamp as spreadsheets read it: "2026-11-26 09:41:07", in UTC. */
export function utc(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ')
}

export function line(values: (string | number | null)[]): string {
  return values.map(cell).join(',') + '\r\n'
}

export function rowLine(r: ExportRow): string {
  return line([
    r.number,
    r.customer_name,
    r.customer_email,
    r.status,
    amount(r.total_cents),
    r.currency,
    utc(r.created_at),
    utc(r.updated_at),
    r.carrier,
    r.tracking_number,
    r.estimated_delivery,
  ])
}
