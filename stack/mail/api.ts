// The sink's HTTP surface: Resend's API (`/emails`, `/emails/batch`, `/emails/{id}`) and the
// JSON API the tests read (`/api/messages`, `/api/failures`).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readBody, sendJson, firstHeader, BodyTooLargeError } from '../shared/http.ts'
import { bearerToken } from '../shared/jwt.ts'
import type { MailStore, StoredMessage } from './store.ts'
import { ResendError, validateMessage } from './validation.ts'
import type { createIdempotency } from './idempotency.ts'
import type { createFaults, createRateLimit } from './faults.ts'

export interface ApiDeps {
  apiKey: string
  store: MailStore
  idempotency: ReturnType<typeof createIdempotency>
  faults: ReturnType<typeof createFaults>
  rateLimit: ReturnType<typeof createRateLimit>
  withTransaction<T>(
    fn: (insert: (m: ReturnType<typeof validateMessage>) => Promise<StoredMessage>) => Promise<T>,
  ): Promise<T>
}

const MAX_BATCH = 100

function asResendEmail(m: StoredMessage) {
  return {
    object: 'email',
    id: m.id,
    to: m.to,
    from: m.from,
    created_at: m.created_at,
    subject: m.subject,
    html: m.html,
    text: m.text,
    bcc: m.bcc.length ? m.bcc : null,
    cc: m.cc.length ? m.cc : null,
    reply_to: m.reply_to.length ? m.reply_to : null,
    last_event: 'delivered',
    tags: m.tags,
  }
}

async function parseJson(req: IncomingMessage): Promise<{ raw: Buffer; value: unknown }> {
  const raw = await readBody(req, 40 * 1024 * 1024)
  try {
    return { raw, value: JSON.parse(raw.toString('utf8') || 'null') }
  } catch {
    throw new ResendError(422, 'validation_error', 'The request body is not valid JSON.')
  }
}

function authorize(req: IncomingMessage, apiKey: string): string {
  const key = bearerToken(firstHeader(req, 'authorization'))
  if (!key) {
    throw new ResendError(
      401,
      'missing_api_key',
      'Missing API key in the authorization header. Include the following header Authorization: Bearer YOUR_API_KEY in the request.',
    )
  }
  if (key !== apiKey) throw new ResendError(403, 'invalid_api_key', 'API key is invalid')
  return key
}

async function sendOne(req: IncomingMessage, deps: ApiDeps, key: string) {
  const { raw, value } = await parseJson(req)
  const idempotencyKey = firstHeader(req, 'idempotency-key')
  return deps.idempotency.run(key, idempotencyKey, raw, async () => {
    const message = validateMessage(value)
    const userAgent = firstHeader(req, 'user-agent') ?? null
    const stored = await deps.store.insert({ ...message, idempotencyKey: idempotencyKey ?? null, userAgent })
    return { status: 200, body: { id: stored.id } }
  })
}

async function sendBatch(req: IncomingMessage, deps: ApiDeps, key: string) {
  const { raw, value } = await parseJson(req)
  return deps.idempotency.run(key, firstHeader(req, 'idempotency-key'), raw, async () => {
    if (!Array.isArray(value))
      throw new ResendError(422, 'validation_error', 'The batch body must be an array of emails.')
    if (value.length > MAX_BATCH)
      throw new ResendError(422, 'validation_error', `Too many emails in one batch: at most ${MAX_BATCH}.`)
    const messages = value.map((m, i) => {
      try {
        return validateMessage(m)
      } catch (err) {
        if (err instanceof ResendError)
          throw new ResendError(err.statusCode, err.name, `emails[${i}]: ${err.message}`)
        throw err
      }
    })
    const data = await deps.withTransaction(async (insert) => {
      const out: Array<{ id: string }> = []
      for (const m of messages) out.push({ id: (await insert(m)).id })
      return out
    })
    return { status: 200, body: { data } }
  })
}

async function resendApi(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  deps: ApiDeps,
): Promise<void> {
  const key = authorize(req, deps.apiKey)
  const headers = deps.rateLimit.check(key)
  const idem = req.headers['idempotency-key']
  deps.faults.take(typeof idem === 'string' ? idem : undefined)
  let result: { status: number; body: unknown }
  if (req.method === 'POST' && path === '/emails') result = await sendOne(req, deps, key)
  else if (req.method === 'POST' && path === '/emails/batch') result = await sendBatch(req, deps, key)
  else if (req.method === 'GET' && path.startsWith('/emails/')) {
    const m = await deps.store.get(decodeURIComponent(path.slice('/emails/'.length)))
    if (!m) throw new ResendError(404, 'not_found', 'Email not found')
    result = { status: 200, body: asResendEmail(m) }
  } else throw new ResendError(405, 'method_not_allowed', 'Method not allowed')
  sendJson(res, result.status, result.body, headers)
}

async function testApi(req: IncomingMessage, res: ServerResponse, url: URL, deps: ApiDeps): Promise<void> {
  const path = url.pathname
  if (path === '/api/messages' && req.method === 'GET') {
    const to = url.searchParams.get('to') ?? undefined
    return sendJson(res, 200, { messages: await deps.store.list({ to }) })
  }
  if (path === '/api/messages' && req.method === 'DELETE') {
    return sendJson(res, 200, { deleted: await deps.store.clear() })
  }
  if (path.startsWith('/api/messages/') && req.method === 'GET') {
    const m = await deps.store.get(path.slice('/api/messages/'.length))
    return m ? sendJson(res, 200, m) : sendJson(res, 404, { message: 'no such message' })
  }
  if (path === '/api/failures' && req.method === 'POST') {
    const { value } = await parseJson(req)
    const plan = value as { count?: unknown; status?: unknown; retryAfter?: unknown; match?: unknown }
    const count = Number(plan?.count ?? 1)
    const status = Number(plan?.status ?? 500)
    if (!Number.isInteger(count) || count < 0 || ![429, 500, 502, 503].includes(status)) {
      return sendJson(res, 400, {
        message: 'expected { count: n >= 0, status: 429|500|502|503, retryAfter?: seconds, match?: text }',
      })
    }
    const retryAfter = plan.retryAfter === undefined ? undefined : Number(plan.retryAfter)
    const match = typeof plan.match === 'string' && plan.match ? plan.match : undefined
    deps.faults.set({ count, status, retryAfter, match })
    return sendJson(res, 200, { count, status, retryAfter: retryAfter ?? null, match: match ?? null })
  }
  sendJson(res, 404, { message: 'no such route' })
}

export async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: ApiDeps,
): Promise<void> {
  try {
    if (url.pathname.startsWith('/api/')) await testApi(req, res, url, deps)
    else await resendApi(req, res, url.pathname, deps)
  } catch (err) {
    if (err instanceof ResendError) return sendJson(res, err.statusCode, err.body(), err.headers)
    if (err instanceof BodyTooLargeError) {
      return sendJson(res, 413, { statusCode: 413, name: 'validation_error', message: err.message })
    }
    throw err
  }
}
