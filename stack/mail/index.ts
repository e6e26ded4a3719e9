// The mail sink: a Resend-compatible API and an inbox page on their own port, storing every
// message in Postgres; also the Mailer the stack's own services (Auth) send through.
import type pg from 'pg'
import type { MailSink } from '../shared/service.ts'
import type { StackConfig } from '../shared/config.ts'
import type { Logger } from '../shared/log.ts'
import { transaction } from '../shared/transaction.ts'
import { createStore, type StoredMessage } from './store.ts'
import { createIdempotency } from './idempotency.ts'
import { createFaults, createRateLimit } from './faults.ts'
import { handleApi, type ApiDeps } from './api.ts'
import { inboxPage, messagePage } from './pages.ts'

export function createMailSink(o: { pool: pg.Pool; config: StackConfig; log: Logger }): MailSink {
  const store = createStore(o.pool)
  const deps: ApiDeps = {
    apiKey: o.config.resendApiKey,
    store,
    idempotency: createIdempotency(o.pool),
    faults: createFaults(),
    rateLimit: createRateLimit(o.config.mailRateLimit),
    withTransaction: (fn) => transaction(o.pool, (tx) => fn((m) => store.insert(m, tx))),
  }
  const logged = (m: StoredMessage) => o.log.info(`mail ${m.id} to ${m.to.join(', ')}: ${m.subject}`)

  return {
    mailer: {
      async send(mail) {
        const stored = await store.insert({
          from: mail.from,
          to: mail.to,
          cc: [],
          bcc: [],
          replyTo: [],
          subject: mail.subject,
          html: mail.html ?? null,
          text: mail.text ?? null,
          headers: {},
          tags: [],
          source: 'auth',
        })
        logged(stored)
        return { id: stored.id }
      },
    },
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://mail.local')
      try {
        if (req.method === 'GET' && url.pathname === '/') {
          const to = url.searchParams.get('to') || undefined
          return sendHtml(res, 200, inboxPage(await store.list({ to }), to))
        }
        if (req.method === 'GET' && url.pathname.startsWith('/messages/')) {
          const m = await store.get(url.pathname.slice('/messages/'.length))
          return m ? sendHtml(res, 200, messagePage(m)) : sendHtml(res, 404, 'No such message')
        }
        await handleApi(req, res, url, deps)
      } catch (err) {
        o.log.error(`${req.method} ${url.pathname} failed`, err)
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' })
          res.end(
            JSON.stringify({
              statusCode: 500,
              name: 'internal_server_error',
              message: 'The mail sink failed; see the stack log.',
            }),
          )
        }
      }
    },
  }
}

function sendHtml(res: import('node:http').ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'",
  })
  res.end(html)
}
