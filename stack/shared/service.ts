// The narrow interface between the gateway and the services it routes to.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type pg from 'pg'
import type { StackConfig } from './config.ts'
import type { Logger } from './log.ts'
import type { TokenVerifier } from './jwt.ts'

/** A message the stack's services hand to the mail sink (auth emails). */
export interface OutgoingMail {
  from: string
  to: string[]
  subject: string
  html?: string
  text?: string
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ id: string }>
}

/** What every service gets from the stack: shared config, pools, verifier, logger. */
export interface StackContext {
  config: StackConfig
  /** Superuser connection string (supabase_admin, as on a Supabase database) for the stack's own work. */
  adminDatabaseUrl: string
  /** Pool connected as the supabase_admin superuser; services SET LOCAL ROLE per request. */
  adminPool: pg.Pool
  verifier: TokenVerifier
  mailer: Mailer
  log: Logger
  /** Public base URL of the API gateway (e.g. http://127.0.0.1:54321). */
  apiUrl: string
}

/** A service mounted under a path prefix of the gateway (e.g. `/auth/v1`). */
export interface Service {
  name: string
  prefix: string
  /** `path` is the request path with the prefix removed, always starting with `/`. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): void | Promise<void>
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer, path: string): void
  /** Called once the stack is ready (migrations applied). */
  start?(): Promise<void>
  stop?(): Promise<void>
}

/** A background part of the stack with no route of its own (e.g. the pg_net worker). */
export interface Worker {
  name: string
  start(): Promise<void>
  stop(): Promise<void>
}

/** The mail sink: a Resend-compatible API and a page, on its own port. */
export interface MailSink {
  mailer: Mailer
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>
  stop?(): Promise<void>
}
