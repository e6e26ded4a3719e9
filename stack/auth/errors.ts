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

// Each error Auth answers with, named for GoTrue's error code (internal/api/apierrors).
export const badJson = (detail: string) =>
  new AuthError(400, 'bad_json', `Could not parse request body as JSON: ${detail}`)
export const validationFailed = (msg: string, status = 400) => new AuthError(status, 'validation_failed', msg)
export const invalidEmail = () => validationFailed('Unable to validate email address: invalid format')
export const invalidCredentials = () => new AuthError(400, 'invalid_credentials', 'Invalid login credentials')
export const unsupportedGrantType = () =>
  new AuthError(400, 'unsupported_grant_type', 'unsupported_grant_type')
export const userBanned = () => new AuthError(400, 'user_banned', 'User is banned')
export const emailNotConfirmed = () => new AuthError(400, 'email_not_confirmed', 'Email not confirmed')
export const refreshTokenNotFound = () =>
  new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found')
export const refreshTokenAlreadyUsed = () =>
  new AuthError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used')
export const reauthenticationNeeded = () =>
  new AuthError(400, 'reauthentication_needed', 'Password update requires reauthentication')
export const phoneProviderDisabled = () =>
  new AuthError(400, 'phone_provider_disabled', 'Phone logins are disabled')
export const emailProviderDisabled = () =>
  new AuthError(400, 'email_provider_disabled', 'Email logins are disabled')
export const noAuthorization = (msg = 'This endpoint requires a valid Bearer token') =>
  new AuthError(401, 'no_authorization', msg)
export const anonymousNotAllowed = () =>
  new AuthError(403, 'no_authorization', 'Anonymous user not allowed to perform these actions')
export const badJwt = (msg: string) =>
  new AuthError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${msg}`)
export const expiredJwt = () => badJwt('token has invalid claims: token is expired')
export const notAdmin = () => new AuthError(403, 'not_admin', 'User not allowed')
export const sessionNotFound = () =>
  new AuthError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist')
export const otpExpired = () => new AuthError(403, 'otp_expired', 'Token has expired or is invalid')
export const insufficientAal = (msg: string, status = 403) => new AuthError(status, 'insufficient_aal', msg)
export const userNotFound = () => new AuthError(404, 'user_not_found', 'User not found')
export const notFound = () => new AuthError(404, 'not_found', 'Not found')
export const factorNotFound = () => new AuthError(404, 'mfa_factor_not_found', 'Factor not found')
export const methodNotAllowed = () => new AuthError(405, 'method_not_allowed', 'Method not allowed')
export const requestTooLarge = (msg: string) => new AuthError(413, 'request_too_large', msg)
export const weakPassword = (message: string, reasons: string[]) =>
  new AuthError(422, 'weak_password', message, { weak_password: { reasons } })
export const samePassword = () =>
  new AuthError(422, 'same_password', 'New password should be different from the old password.')
export const reauthenticationNotValid = () =>
  new AuthError(422, 'reauthentication_not_valid', 'Nonce has expired or is invalid')
export const userAlreadyExists = () => new AuthError(422, 'user_already_exists', 'User already registered')
export const emailExists = () =>
  new AuthError(422, 'email_exists', 'A user with this email address has already been registered')
export const emailNotConfirmedForResend = () =>
  new AuthError(422, 'email_not_confirmed', 'Please verify your email first.')
export const signupDisabled = () =>
  new AuthError(422, 'signup_disabled', 'Signups not allowed for this instance')
export const otpDisabled = () => new AuthError(422, 'otp_disabled', 'Signups not allowed for otp')
export const anonymousProviderDisabled = () =>
  new AuthError(422, 'anonymous_provider_disabled', 'Anonymous sign-ins are disabled')
/** The MFA errors GoTrue answers with 422 (`mfa_*`, `too_many_enrolled_mfa_factors`). */
export const mfaError = (code: string, msg: string) => new AuthError(422, code, msg)
export const overEmailSendRateLimit = (seconds: number) =>
  new AuthError(
    429,
    'over_email_send_rate_limit',
    `For security purposes, you can only request this after ${seconds} seconds.`,
  )
export const rateLimited = (code: string, message: string, retryAfterSeconds: number) =>
  new AuthError(429, code, message, {}, { 'retry-after': String(retryAfterSeconds) })
export const unexpectedFailure = () =>
  new AuthError(500, 'unexpected_failure', 'Unexpected failure, please check the stack log')

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
