// Runs one request's transaction, the only code that touches the pool for requests: begin,
// the request context, the statements and commit leave together and come back together
// (one exchange, one round trip, `exchange.ts`); when a statement fails, Postgres skips the
// rest and the transaction is rolled back.
import type pg from 'pg'
import { RestError, isPgError } from '../errors.ts'
import { exchange, type Step } from './exchange.ts'
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

interface Fresh {
  name: string
  text: string
}

/** The exchange's steps, each statement (begin and commit too) run by name, parsed once per
 * connection; names to evict are closed first. Returns the names parsed here for the first
 * time too: after a failure they may not exist. */
function stepsOf(client: pg.PoolClient, statements: Part[]) {
  const prepared = preparedFor(client)
  const closes: Step[] = []
  const runs: Step[] = []
  const fresh: Fresh[] = []
  for (const [{ text, values }, collect] of statements) {
    const { name, isNew, evict } = prepared.use(text)
    for (const old of evict) closes.push({ close: old })
    if (name && isNew) fresh.push({ name, text })
    runs.push({ text, values, name, parse: isNew, collect })
  }
  return { steps: closes.length ? [...closes, ...runs] : runs, fresh }
}

/** A statement and whether its rows are wanted. */
type Part = [Statement, boolean]
const NO_VALUES: unknown[] = []
const control = (text: string): Part => [{ text, values: NO_VALUES }, false]

function transactionOf(plan: TxPlan): Part[] {
  const parts: Part[] = [control(beginSql(plan.readOnly, plan.isolation)), [plan.context, false]]
  for (const s of plan.statements) parts.push([s, true])
  if (!plan.check) parts.push(control(plan.rollback ? 'rollback' : 'commit'))
  return parts
}

/** Runs `statements` as one exchange; after a failure, rolls back and closes the names it
 * meant to create (closing one that does not exist is no error), to be parsed again later. */
async function run(client: pg.PoolClient, statements: Part[]) {
  const { steps, fresh } = stepsOf(client, statements)
  try {
    return await exchange(client, steps)
  } catch (err) {
    if (!isPgError(err)) throw new Broken(err)
    for (const f of fresh) preparedFor(client).forget(f.text)
    await exchange(client, [
      { text: 'rollback', parse: true, collect: false },
      ...fresh.map((f) => ({ close: f.name })),
    ])
    throw err
  }
}

/** The connection itself failed: the pool must drop it. */
class Broken extends Error {
  constructor(readonly reason: unknown) {
    super('connection failed')
  }
}

export async function runTransaction(pool: pg.Pool, plan: TxPlan): Promise<pg.QueryResult[]> {
  const client = await acquire(pool)
  let broken: Error | undefined
  try {
    const results = await run(client, transactionOf(plan))
    if (plan.check) {
      const refused = plan.check(results)
      await run(client, [control(refused || plan.rollback ? 'rollback' : 'commit')])
      if (refused) throw refused
    }
    return results
  } catch (err) {
    if (!(err instanceof Broken)) throw err
    broken = err.reason as Error
    throw err.reason
  } finally {
    client.release(broken)
  }
}
