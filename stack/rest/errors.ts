// PostgREST's error body `{ code, message, details, hint }`, its PGRST codes, and the one
// place SQLSTATEs become HTTP statuses.
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | null = null,
    readonly hint: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
  body() {
    return { code: this.code, details: this.details, hint: this.hint, message: this.message }
  }
}

export const parseError = (message: string, details: string | null = null) =>
  new RestError(400, 'PGRST100', message, details)
export const unknownRelation = (schema: string, name: string, hint: string | null = null) =>
  new RestError(
    404,
    'PGRST205',
    `Could not find the table '${schema}.${name}' in the schema cache`,
    null,
    hint,
  )
export const unknownColumn = (table: string, column: string) =>
  new RestError(400, 'PGRST204', `Could not find the '${column}' column of '${table}' in the schema cache`)
export const unknownEmbed = (parent: string, child: string) =>
  new RestError(
    400,
    'PGRST200',
    `Could not find a relationship between '${parent}' and '${child}' in the schema cache`,
    `Searched for a foreign key relationship between '${parent}' and '${child}' in the schema 'public', but no matches were found.`,
  )
export const ambiguousEmbed = (parent: string, child: string, options: string[]) =>
  new RestError(
    300,
    'PGRST201',
    `Could not embed because more than one relationship was found for '${parent}' and '${child}'`,
    options.join('; '),
    `Try changing '${child}' to one of the following: ${options.map((o) => `'${child}!${o}'`).join(', ')}. Find the desired relationship in the 'details' key.`,
  )
export const unknownFunction = (schema: string, name: string, args: string[]) =>
  new RestError(
    404,
    'PGRST202',
    `Could not find the function ${schema}.${name}(${args.join(', ')}) in the schema cache`,
    `Searched for the function ${schema}.${name} with parameters ${args.join(', ') || 'none'} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
  )
export const notOneRow = (n: number) =>
  new RestError(
    406,
    'PGRST116',
    'Cannot coerce the result to a single JSON object',
    `The result contains ${n} rows`,
  )

function statusFor(sqlstate: string, anon: boolean): number {
  if (/^PT\d{3}$/.test(sqlstate)) return Number(sqlstate.slice(2))
  const exact: Record<string, number> = {
    '23503': 409,
    '23505': 409,
    '25006': 405,
    '42883': 404,
    '42P01': 404,
    '42P17': 500,
    '53400': 500,
    P0001: 400,
  }
  if (exact[sqlstate]) return exact[sqlstate]
  if (sqlstate === '42501') return anon ? 401 : 403
  const byClass: Record<string, number> = {
    '08': 503,
    '09': 500,
    '0L': 403,
    '0P': 403,
    '22': 400,
    '23': 400,
    '25': 500,
    '28': 403,
    '2D': 500,
    '38': 500,
    '39': 500,
    '3B': 500,
    '40': 500,
    '42': 400,
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
  return byClass[sqlstate.slice(0, 2)] ?? 400
}

interface PgError {
  code?: string
  message: string
  detail?: string
  hint?: string
}

/** A Postgres error as PostgREST reports it: the SQLSTATE as code, status from the table above. */
export function fromPostgres(err: PgError, anon: boolean): RestError {
  const code = err.code ?? 'XX000'
  return new RestError(statusFor(code, anon), code, err.message, err.detail ?? null, err.hint ?? null)
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
