// The stack's parts, in one list: each service mounted by the gateway, each worker.
import type { MailSink, Service, StackContext, Worker } from './shared/service.ts'
import type pg from 'pg'
import type { StackConfig } from './shared/config.ts'
import type { Logger } from './shared/log.ts'
import { createAuthService } from './auth/index.ts'
import { createRestService } from './rest/index.ts'
import { createRealtimeService } from './realtime/index.ts'
import { createFunctionsService } from './functions/index.ts'
import { createNetWorker } from './net/index.ts'
import { createMailSink } from './mail/index.ts'

export function createServices(ctx: StackContext): Service[] {
  return [
    createAuthService(ctx),
    createRestService(ctx),
    createRealtimeService(ctx),
    createFunctionsService(ctx),
  ]
}

export function createWorkers(ctx: StackContext): Worker[] {
  return [createNetWorker(ctx)]
}

export function createMail(o: { pool: pg.Pool; config: StackConfig; log: Logger }): MailSink {
  return createMailSink(o)
}
