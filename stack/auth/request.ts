// What every auth handler needs from a request: its JSON body, the caller's address, and the
// caller's verified token (a signed-in user, or the service role for the admin API).
import type { IncomingMessage } from 'node:http'
import { readBody, firstHeader, BodyTooLargeError } from '../shared/http.ts'
import { bearerToken, TokenError, type TokenVerifier, type VerifiedToken } from '../shared/jwt.ts'
import {
  badJson,
  badJwt,
  expiredJwt,
  invalidEmail,
  noAuthorization,
  notAdmin,
  requestTooLarge,
} from './errors.ts'

export async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let raw: Buffer
  try {
    raw = await readBody(req, 1024 * 1024)
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw requestTooLarge(err.message)
    throw err
  }
  if (raw.length === 0) return {}
  let value: unknown
  try {
    value = JSON.parse(raw.toString('utf8'))
  } catch (err) {
    throw badJson((err as Error).message)
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw badJson('expected a JSON object')
  return value as Record<string, unknown>
}

/**
 * The caller's address. The gateway (Kong's part) has already replaced X-Forwarded-For with
 * the address it believes (the socket's, or what a trusted proxy forwarded), and GoTrue reads
 * the first entry of that header, so this does too.
 */
export function clientIp(req: IncomingMessage): string {
  return firstHeader(req, 'x-forwarded-for')?.split(',')[0]?.trim() || req.socket.remoteAddress || 'unknown'
}

/** redirect_to as GoTrue takes it: the query string first (supabase-js puts it there), else the body. */
export function wantedRedirect(body: Record<string, unknown>, query: URLSearchParams): unknown {
  return query.get('redirect_to') ?? body.redirect_to ?? obj(body, 'options')?.redirect_to
}

export async function callerToken(req: IncomingMessage, verifier: TokenVerifier): Promise<VerifiedToken> {
  const token = bearerToken(firstHeader(req, 'authorization'))
  if (!token) throw noAuthorization()
  try {
    return await verifier.verify(token)
  } catch (err) {
    if (err instanceof TokenError) throw err.reason === 'expired' ? expiredJwt() : badJwt(err.message)
    throw err
  }
}

export async function requireAdmin(req: IncomingMessage, verifier: TokenVerifier): Promise<void> {
  const t = await callerToken(req, verifier)
  if (t.role !== 'service_role') throw notAdmin()
}

export function str(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key]
  return typeof v === 'string' ? v : undefined
}

export function obj(body: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const v = body[key]
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Auth's one test of an email address. */
export function validEmail(email: unknown): email is string {
  return typeof email === 'string' && email.length <= 255 && EMAIL.test(email.trim())
}

/** Throws the error GoTrue gives (validation_failed, invalid format) unless `email` is an address. */
export function checkEmail(email: unknown): asserts email is string {
  if (!validEmail(email)) throw invalidEmail()
}
