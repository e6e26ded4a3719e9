// Runs one request's transaction, the only code that touches the pool for requests: begin,
// the request context, the statements and commit leave together (one round trip) and
// Postgres turns the commit into a rollback if anything before it failed.
import type pg from 'pg'
import { RestError } from '../errors.ts'
import { isPgError } from '../errors.ts'

export interface Statement {
  text: string
  values: unknown[]
}

export interface TxPlan {
  readOnly: boolean
  /** From the role's or the function's `default_transaction_isolation`. */
  isolation?: string
  /** The `set_config` statement: role, claims, request details, role settings. */
  context: Statement
  statements: Statement[]
  /** `Prefer: tx=rollback`. */
  rollback: boolean
  /** Set when the results decide the outcome (PostgREST condemns the transaction). */
  check?: (results: pg.QueryResult[]) => Error | undefined
}

const ISOLATION = new Set(['read committed', 'repeatable read', 'serializable'])

export function beginSql(readOnly: boolean, isolation?: string): string {
  const level = isolation && ISOLATION.has(isolation) ? ` isolation level ${isolation}` : ''
  return `begin${level}${readOnly ? ' read only' : ''}`
}

async function acquire(pool: pg.Pool): Promise<pg.PoolClient> {
  try {
    return await pool.connect()
  } catch (err) {
    if (/timeout/i.test((err as Error).message))
      throw new RestError(504, 'PGRST003', 'Timed out acquiring connection from connection pool.')
    throw new RestError(
      503,
      'PGRST000',
      'Database connection error. Retrying the connection.',
      (err as Error).message,
    )
  }
}

/** The first failure in pipeline order: the statement that failed, not the ones it aborted. */
function firstFailure(settled: PromiseSettledResult<pg.QueryResult>[]): unknown {
  const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected')
  return (failed.find((f) => !(isPgError(f.reason) && f.reason.code === '25P02')) ?? failed[0])?.reason
}

export async function runTransaction(pool: pg.Pool, plan: TxPlan): Promise<pg.QueryResult[]> {
  const client = await acquire(pool)
  let broken: Error | undefined
  try {
    const sent = [
      client.query(beginSql(plan.readOnly, plan.isolation)),
      client.query(plan.context.text, plan.context.values),
      ...plan.statements.map((s) => client.query(s.text, s.values)),
    ]
    const end = plan.check ? undefined : client.query(plan.rollback ? 'rollback' : 'commit')
    const settled = await Promise.allSettled(end ? [...sent, end] : sent)
    const failure = firstFailure(settled)
    if (failure !== undefined) {
      if (!isPgError(failure)) broken = failure as Error
      else if (!end) await client.query('rollback')
      throw failure
    }
    const results = settled.slice(2, 2 + plan.statements.length).map((s) => {
      return (s as PromiseFulfilledResult<pg.QueryResult>).value
    })
    if (plan.check) {
      const refused = plan.check(results)
      await client.query(refused || plan.rollback ? 'rollback' : 'commit')
      if (refused) throw refused
    }
    return results
  } finally {
    client.release(broken)
  }
}

/**
 * The same transaction for code that issues its statements one by one: begin and the
 * context are pipelined with the first statement `work` sends.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  plan: Omit<TxPlan, 'statements' | 'check'>,
  work: (db: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await acquire(pool)
  let broken: Error | undefined
  try {
    const opening = [
      client.query(beginSql(plan.readOnly, plan.isolation)),
      client.query(plan.context.text, plan.context.values),
    ]
    const settled = await Promise.allSettled([...opening, work(client)])
    const failure = firstFailure(settled as PromiseSettledResult<pg.QueryResult>[])
    if (failure !== undefined) {
      if (!isPgError(failure) && !(failure instanceof RestError)) broken = failure as Error
      await client.query('rollback').catch((e: Error) => (broken ??= e))
      throw failure
    }
    await client.query(plan.rollback ? 'rollback' : 'commit')
    return (settled[2] as PromiseFulfilledResult<T>).value
  } finally {
    client.release(broken)
  }
}
