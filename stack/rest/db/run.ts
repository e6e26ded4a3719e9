// Runs one request's transaction, the only code that touches the pool for requests: begin,
// the request context, the statements and commit leave together (one round trip) and
// Postgres turns the commit into a rollback if anything before it failed.
import type pg from 'pg'
import { RestError, isPgError } from '../errors.ts'
import { preparedFor } from './prepared.ts'

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

/** pg's connection internals we rely on: the socket (to batch writes) and its parsed names. */
interface Wire {
  stream: { cork?: () => void; uncork?: () => void }
  parsedStatements: Record<string, string>
}
const wireOf = (client: pg.PoolClient) => (client as unknown as { connection: Wire }).connection

/** Sends begin, the statements as named ones (planned once per connection) and, unless the
 * results decide, the commit: all in one write. */
function sendAll(client: pg.PoolClient, plan: TxPlan): Array<Promise<pg.QueryResult>> {
  const wire = wireOf(client)
  const prepared = preparedFor(client)
  const named = [plan.context, ...plan.statements].map((s) => ({ s, ...prepared.use(s.text) }))
  wire.stream.cork?.()
  try {
    // Deallocated before `begin`, so an aborted transaction can never keep one alive.
    for (const { evict } of named)
      for (const name of evict) {
        delete wire.parsedStatements[name]
        client.query(`DEALLOCATE ${name}`).catch(() => {})
      }
    const begin = client.query(beginSql(plan.readOnly, plan.isolation))
    const sent = named.map(({ s, name }) => client.query({ name, text: s.text, values: s.values }))
    const end = plan.check ? [] : [client.query(plan.rollback ? 'rollback' : 'commit')]
    return [begin, ...sent, ...end]
  } finally {
    wire.stream.uncork?.()
  }
}

export async function runTransaction(pool: pg.Pool, plan: TxPlan): Promise<pg.QueryResult[]> {
  const client = await acquire(pool)
  let broken: Error | undefined
  try {
    const settled = await Promise.allSettled(sendAll(client, plan))
    const failure = firstFailure(settled)
    if (failure !== undefined) {
      if (!isPgError(failure)) broken = failure as Error
      else if (plan.check) await client.query('rollback')
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
