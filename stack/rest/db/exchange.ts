// One request's transaction as one exchange with Postgres: every message (Close, Parse,
// Bind, Describe, Execute) up to a single Sync leaves in one write, and Postgres answers
// with one batch ending in one ReadyForQuery. A node-postgres Submittable (as pg-cursor is
// one), so the client's queue, errors and notices work as for its own queries.
import pg from 'pg'

export type Step =
  /** Close a prepared statement (no error when it does not exist). */
  | { close: string }
  | {
      text: string
      values?: unknown[]
      /** Prepared statement name; unnamed when undefined. */
      name?: string
      /** Send Parse first (unnamed, or a name new to the connection). */
      parse: boolean
      /** Describe the portal and keep its rows; other steps' rows are dropped. */
      collect: boolean
    }

/** A statement's rows as pg would give them, each value through pg's parser for its type. */
class Collector implements pg.QueryResult {
  readonly rows: Array<Record<string, unknown>> = []
  command = ''
  rowCount: number | null = null
  oid = 0
  private readonly parsers: Array<(raw: string) => unknown>

  constructor(readonly fields: pg.FieldDef[]) {
    this.parsers = fields.map((f) => pg.types.getTypeParser(f.dataTypeID, 'text') as (raw: string) => unknown)
  }

  add(values: Array<string | null>): void {
    const row: Record<string, unknown> = {}
    for (let i = 0; i < values.length; i++) {
      const raw = values[i]!
      row[this.fields[i]!.name] = raw === null ? null : this.parsers[i]!(raw)
    }
    this.rows.push(row)
  }

  /** `SELECT 3`, `INSERT 0 3`: the command and its row count, read as pg reads them. */
  complete(tag: string): void {
    const m = /^([A-Za-z]+)(?: (\d+))?(?: (\d+))?/.exec(tag)
    this.command = m?.[1] ?? ''
    const count = m?.[3] ?? m?.[2]
    this.rowCount = count === undefined ? null : Number(count)
  }
}

/** pg's own conversion of bound values (arrays, dates, buffers, objects). */
const prepareValue = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils.prepareValue

class Exchange {
  private readonly results: pg.QueryResult[] = []
  private current?: Collector
  /** Whether each statement step, in order, keeps its rows. */
  private readonly collecting: boolean[]
  private completed = 0

  constructor(
    private readonly steps: Step[],
    private readonly done: (err: Error | undefined, results: pg.QueryResult[]) => void,
  ) {
    this.collecting = steps.flatMap((s) => ('close' in s ? [] : [s.collect]))
  }

  submit(connection: pg.Connection): void {
    const stream = connection.stream as { cork?: () => void; uncork?: () => void }
    stream.cork?.()
    try {
      for (const s of this.steps) {
        if ('close' in s) {
          connection.close({ type: 'S', name: s.close }, true)
          continue
        }
        const statement = s.name ?? ''
        if (s.parse) connection.parse({ text: s.text, name: statement, types: [] }, true)
        connection.bind(
          { statement, values: s.values ?? [], valueMapper: prepareValue } as pg.BindConfig,
          true,
        )
        if (s.collect) connection.describe({ type: 'P', name: '' }, true)
        connection.execute({ portal: '' }, true)
      }
      connection.sync()
    } finally {
      stream.uncork?.()
    }
  }

  handleRowDescription(msg: { fields: pg.FieldDef[] }): void {
    this.current = new Collector(msg.fields)
  }

  handleDataRow(msg: { fields: Array<string | null> }): void {
    this.current?.add(msg.fields)
  }

  handleCommandComplete(msg: { text: string }): void {
    const current = this.current ?? new Collector([])
    this.current = undefined
    if (!this.collecting[this.completed++]) return
    current.complete(msg.text)
    this.results.push(current)
  }

  handleReadyForQuery(): void {
    this.done(undefined, this.results)
  }

  /** Postgres skipped to the Sync: pg reports the error and ends this exchange here. */
  handleError(err: Error): void {
    this.done(err, this.results)
  }

  handleEmptyQuery(): void {
    if (this.collecting[this.completed++]) this.results.push(new Collector([]))
  }
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
  handleCopyInResponse(connection: pg.Connection & { sendCopyFail(msg: string): void }): void {
    connection.sendCopyFail('No source stream defined')
  }
}

/** Runs the steps as one exchange; resolves with the collected steps' results, in order. */
export function exchange(client: pg.ClientBase, steps: Step[]): Promise<pg.QueryResult[]> {
  return new Promise((resolve, reject) => {
    const ex = new Exchange(steps, (err, results) => (err ? reject(err) : resolve(results)))
    void client.query(ex as unknown as pg.QueryConfig)
  })
}
