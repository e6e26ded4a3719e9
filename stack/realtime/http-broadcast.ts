// Broadcast over HTTP, as Realtime serves it: the batch endpoint (POST /api/broadcast) and
// the single-message one realtime-js's channel.httpSend() calls
// (POST /api/broadcast/:topic/events/:event[?private=true]). Private messages go out only
// where RLS on realtime.messages lets the caller insert.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { BodyTooLargeError, firstHeader, readBody, sendJson } from '../shared/http.ts'
import { bearerToken, type TokenVerifier, type VerifiedToken } from '../shared/jwt.ts'
import type { ChannelAuth } from './channel-auth.ts'
import type { Registry } from './members.ts'

/** Supabase's default broadcast payload limit (max_payload_size_in_kb = 256). */
export const MAX_PAYLOAD_BYTES = 256 * 1000
const SINGLE = /^\/api\/broadcast\/([^/]+)\/events\/([^/]+)$/

interface Message {
  topic: string
  event: string
  payload: unknown
  private: boolean
}

export function createHttpBroadcast(o: {
  verifier: TokenVerifier
  registry: Registry
  channelAuth: ChannelAuth
}) {
  async function caller(req: IncomingMessage, res: ServerResponse): Promise<VerifiedToken | undefined> {
    try {
      return await o.verifier.verify(
        bearerToken(firstHeader(req, 'authorization')) ?? firstHeader(req, 'apikey'),
      )
    } catch (err) {
      sendJson(res, 401, { message: (err as Error).message })
      return undefined
    }
  }

  /** Sends what the caller may send; answers which topics were refused. */
  async function deliver(token: VerifiedToken, messages: Message[]): Promise<string[]> {
    const refused: string[] = []
    const mayWrite = new Map<string, Promise<boolean>>()
    for (const m of messages) {
      if (m.private) {
        const check = { role: token.role, topic: m.topic, claims: token.claims }
        if (!mayWrite.has(m.topic)) mayWrite.set(m.topic, o.channelAuth.mayWrite(check, 'broadcast'))
        if (!(await mayWrite.get(m.topic))) {
          refused.push(m.topic)
          continue
        }
      }
      const out = { type: 'broadcast', event: m.event, payload: m.payload }
      o.registry.broadcast(`realtime:${m.topic}`, m.private, out)
    }
    return refused
  }

  async function batch(req: IncomingMessage, res: ServerResponse) {
    const token = await caller(req, res)
    if (!token) return
    const body = await json<{ messages?: Array<Partial<Message>> }>(req, res)
    if (body === undefined) return
    const messages = body?.messages
    const valid =
      Array.isArray(messages) &&
      messages.length > 0 &&
      messages.every((m) => typeof m?.topic === 'string' && typeof m?.event === 'string' && m.payload != null)
    if (!valid)
      return sendJson(res, 422, {
        errors: { messages: ['each message needs a topic, an event and a payload'] },
      })
    // As Supabase: private messages the caller may not send are dropped, the batch is accepted.
    await deliver(
      token,
      messages.map((m) => ({ ...(m as Message), private: m.private === true })),
    )
    res.writeHead(202).end()
  }

  async function single(req: IncomingMessage, res: ServerResponse, topic: string, event: string) {
    const token = await caller(req, res)
    if (!token) return
    if (!/^application\/json\b/i.test(firstHeader(req, 'content-type') ?? 'application/json'))
      return sendJson(res, 415, { message: 'Binary broadcast payloads are not supported by the local stack' })
    const payload = await json<unknown>(req, res)
    if (payload === undefined) return
    if (payload === null) return sendJson(res, 422, { errors: { payload: ["can't be blank"] } })
    const isPrivate = new URL(req.url ?? '/', 'http://x').searchParams.get('private') === 'true'
    const refused = await deliver(token, [{ topic, event, payload, private: isPrivate }])
    if (refused.length) return sendJson(res, 403, { message: 'Unauthorized' })
    res.writeHead(202).end()
  }

  return {
    /** Handles the request when the path is a broadcast endpoint; false otherwise. */
    async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
      if (req.method !== 'POST') return false
      if (path === '/api/broadcast') return batch(req, res).then(() => true)
      const m = path.match(SINGLE)
      if (!m) return false
      await single(req, res, decodeURIComponent(m[1]!), decodeURIComponent(m[2]!))
      return true
    },
  }
}

/** The JSON body, or undefined once an error was answered. */
async function json<T>(req: IncomingMessage, res: ServerResponse): Promise<T | undefined> {
  try {
    return JSON.parse((await readBody(req, MAX_PAYLOAD_BYTES)).toString('utf8')) as T
  } catch (err) {
    if (err instanceof BodyTooLargeError)
      sendJson(res, 422, { errors: { payload: ['Payload size exceeds tenant limit'] } })
    else sendJson(res, 400, { message: 'The request body is not valid JSON' })
    return undefined
  }
}
