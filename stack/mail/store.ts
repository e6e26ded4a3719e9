// Messages in Postgres (schema _mail), so the sink's inbox survives restarts.
import type pg from 'pg'

export interface NewMessage {
  from: string
  to: string[]
  cc: string[]
  bcc: string[]
  replyTo: string[]
  subject: string
  html: string | null
  text: string | null
  headers: Record<string, string>
  tags: unknown[]
  source: 'api' | 'auth'
  /** The request's Idempotency-Key and User-Agent, when it came through the API. */
  idempotencyKey?: string | null
  userAgent?: string | null
}

export interface StoredMessage {
  id: string
  from: string
  to: string[]
  cc: string[]
  bcc: string[]
  reply_to: string[]
  subject: string
  html: string | null
  text: string | null
  headers: Record<string, string>
  tags: unknown[]
  created_at: string
  source: 'api' | 'auth'
  idempotency_key: string | null
  user_agent: string | null
}

const COLUMNS = `id, "from", "to", cc, bcc, reply_to, subject, html, text, headers, tags, source,
  idempotency_key, user_agent,
  to_char(created_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at`

export function createStore(pool: pg.Pool | pg.PoolClient) {
  return {
    async insert(m: NewMessage, db: pg.Pool | pg.PoolClient = pool): Promise<StoredMessage> {
      const { rows } = await db.query<StoredMessage>(
        `insert into _mail.messages ("from", "to", cc, bcc, reply_to, subject, html, text, headers, tags, source,
           idempotency_key, user_agent)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning ${COLUMNS}`,
        [
          m.from,
          m.to,
          m.cc,
          m.bcc,
          m.replyTo,
          m.subject,
          m.html,
          m.text,
          m.headers,
          JSON.stringify(m.tags),
          m.source,
          m.idempotencyKey ?? null,
          m.userAgent ?? null,
        ],
      )
      return rows[0]!
    },
    async list(opts: { to?: string; limit?: number } = {}): Promise<StoredMessage[]> {
      const { rows } = await pool.query<StoredMessage>(
        `select ${COLUMNS} from _mail.messages
         where $1::text is null or exists (select 1 from unnest("to") t where lower(t) like '%' || lower($1) || '%')
         order by created_at desc, id limit $2`,
        [opts.to ?? null, opts.limit ?? 500],
      )
      return rows
    },
    async get(id: string): Promise<StoredMessage | undefined> {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined
      const { rows } = await pool.query<StoredMessage>(
        `select ${COLUMNS} from _mail.messages where id = $1`,
        [id],
      )
      return rows[0]
    },
    async clear(): Promise<number> {
      const { rowCount } = await pool.query('delete from _mail.messages')
      return rowCount ?? 0
    },
  }
}

export type MailStore = ReturnType<typeof createStore>
