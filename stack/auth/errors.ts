// GoTrue's error bodies. Clients that send `X-Supabase-Api-Version: 2024-01-01` (supabase-js
// does) get `{ code: <error_code>, msg }`; older ones `{ code: <status>, error_code, msg }`.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendJson } from '../shared/http.ts'

export const API_VERSION = '2024-01-01'

export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

export const badJson = (detail: string) =>
  new AuthError(400, 'bad_json', `Could not parse request body as JSON: ${detail}`)
export const validationFailed = (msg: string) => new AuthError(400, 'validation_failed', msg)
export const invalidCredentials = () => new AuthError(400, 'invalid_credentials', 'Invalid login credentials')
export const noAuthorization = () =>
  new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token')
export const badJwt = (msg: string) =>
  new AuthError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${msg}`)
export const notAdmin = () => new AuthError(403, 'not_admin', 'User not allowed')
export const userNotFound = () => new AuthError(404, 'user_not_found', 'User not found')
export const sessionNotFound = () =>
  new AuthError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist')
export const otpExpired = () => new AuthError(403, 'otp_expired', 'Token has expired or is invalid')
export const weakPassword = (min: number) =>
  new AuthError(422, 'weak_password', `Password should be at least ${min} characters.`, {
    weak_password: { reasons: ['length'] },
  })
export const userAlreadyExists = () => new AuthError(422, 'user_already_exists', 'User already registered')
export const emailExists = () =>
  new AuthError(422, 'email_exists', 'A user with this email address has already been registered')
export const signupDisabled = () =>
  new AuthError(422, 'signup_disabled', 'Signups not allowed for this instance')
export const notFound = () => new AuthError(404, 'not_found', 'Not found')

function usesNewShape(req: IncomingMessage): boolean {
  const v = req.headers['x-supabase-api-version']
  return typeof v === 'string' && v >= API_VERSION
}

export function sendAuthError(req: IncomingMessage, res: ServerResponse, err: AuthError): void {
  const body = usesNewShape(req)
    ? { code: err.errorCode, msg: err.message, ...err.extra }
    : { code: err.status, error_code: err.errorCode, msg: err.message, ...err.extra }
  sendJson(res, err.status, body, { 'x-supabase-api-version': API_VERSION, ...err.headers })
}
