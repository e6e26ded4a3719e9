// PLACEHOLDER until the mail sink lands.
import type pg from 'pg'
import type { MailSink } from '../shared/service.ts'
import type { StackConfig } from '../shared/config.ts'
import type { Logger } from '../shared/log.ts'
import { sendJson } from '../shared/http.ts'

export function createMailSink(o: { pool: pg.Pool; config: StackConfig; log: Logger }): MailSink {
  return {
    mailer: { send: async (m) => (o.log.info(`mail to ${m.to.join(', ')}: ${m.subject}`), { id: 'x' }) },
    handle: (_req, res) => sendJson(res, 501, { message: 'mail sink not implemented yet' }),
  }
}
