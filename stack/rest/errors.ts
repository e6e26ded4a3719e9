// PostgREST's error body `{ code, details, hint, message }` and the one place SQLSTATEs
// become HTTP statuses (PostgREST's error table).
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
    readonly hint: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
  body() {
    return { code: this.code, details: this.details, hint: this.hint, message: this.message }
  }
}

const EXACT: Record<string, number> = {
  '23503': 409,
  '23505': 409,
  '25006': 405,
  '42883': 404,
  '42P01': 404,
  '42P17': 500,
  '53400': 500,
  '57P01': 503,
  P0001: 400,
}

const BY_CLASS: Record<string, number> = {
  '08': 503,
  '09': 500,
  '0L': 403,
  '0P': 403,
  '25': 500,
  '28': 403,
  '2D': 500,
  '38': 500,
  '39': 500,
  '3B': 500,
  '40': 500,
  '53': 503,
  '54': 500,
  '55': 500,
  '57': 500,
  '58': 500,
  F0: 500,
  HV: 500,
  P0: 500,
  XX: 500,
}

interface PgError {
  code?: string
  message: string
  detail?: string
  hint?: string
}

/** `anon`: 42501 means "log in" (401) for anon, "forbidden" (403) for everyone else. */
export function statusFor(err: PgError, anon: boolean): number {
  const code = err.code ?? 'XX000'
  if (/^PT\d{3}$/.test(code)) return Number(code.slice(2))
  if (EXACT[code]) return EXACT[code]
  if (code === '42501') return anon ? 401 : 403
  if (code === '21000') return err.message.endsWith('requires a WHERE clause') ? 400 : 500
  if (code === '22023') return /^role .* does not exist$/.test(err.message) ? 401 : 400
  return BY_CLASS[code.slice(0, 2)] ?? 400
}

/** A Postgres error as PostgREST reports it: the SQLSTATE as code, status from the table above. */
export function fromPostgres(err: PgError, anon: boolean): RestError {
  const status = statusFor(err, anon)
  return new RestError(
    status,
    err.code ?? 'XX000',
    err.message,
    err.detail ?? null,
    err.hint ?? null,
    status === 401 ? { 'www-authenticate': 'Bearer' } : {},
  )
}

export function isPgError(err: unknown): err is PgError & { code: string } {
  return (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    typeof (err as { code: unknown }).code === 'string' &&
    'severity' in err
  )
}
