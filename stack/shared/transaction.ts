// One transaction on one connection: begin, the work, commit; rollback when the work throws.
import pg from 'pg'

export interface TransactionOptions {
  /** `begin read only`: the work may only read. */
  readOnly?: boolean
}

/**
 * Runs `work` in a transaction on a connection of `db` (taken from a pool and given back, or
 * a client held by the caller), commits what it returns, and rolls back what it throws.
 */
export async function transaction<T>(
  db: pg.Pool,
  work: (tx: pg.PoolClient) => Promise<T>,
  options?: TransactionOptions,
): Promise<T>
export async function transaction<T, C extends pg.ClientBase>(
  db: C,
  work: (tx: C) => Promise<T>,
  options?: TransactionOptions,
): Promise<T>
export async function transaction<T>(
  db: pg.Pool | pg.ClientBase,
  work: (tx: never) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const fromPool = db instanceof pg.Pool
  const tx = fromPool ? await db.connect() : db
  try {
    await tx.query(options.readOnly ? 'begin read only' : 'begin')
    const result = await work(tx as never)
    await tx.query('commit')
    return result
  } catch (err) {
    // A broken connection cannot roll back; its transaction ends with it.
    await tx.query('rollback').catch(() => {})
    throw err
  } finally {
    if (fromPool) (tx as pg.PoolClient).release()
  }
}
