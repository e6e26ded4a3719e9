// Errors from Supabase, in plain words for people. Never raw JSON.
export interface ApiError {
  code?: string
  message?: string
  status?: number
  details?: string | null
  hint?: string | null
}

const BY_CODE: Record<string, string> = {
  PT409: 'Someone else changed this order while you were editing it.',
  '42501': 'You are not allowed to do that.',
  '23505': 'That already exists.',
  '23514': 'Some values are not allowed. Check the form.',
  '23503': 'That is still in use elsewhere.',
  invalid_credentials: 'Wrong email or password.',
  otp_expired: 'That code has expired or was already used. Ask for a new one.',
  over_request_rate_limit: 'Too many attempts. Wait a minute and try again.',
  over_email_send_rate_limit: 'Too many emails sent. Wait a minute and try again.',
  email_not_confirmed: 'Confirm your email address first.',
  user_not_found: 'No account with that email.',
  validation_failed: 'Check the email address.',
  mfa_verification_failed:
    'That code did not match. Enter the code your authenticator app shows now (it changes every 30 seconds).',
  mfa_challenge_expired: 'That took a while. Enter the code your authenticator app shows now.',
  mfa_factor_not_found: 'This account’s authenticator app is no longer set up. Sign in again.',
  mfa_totp_enroll_not_enabled: 'Authenticator apps are turned off for this project (Auth → Multi-Factor).',
  mfa_totp_verify_not_enabled: 'Authenticator apps are turned off for this project (Auth → Multi-Factor).',
}

export function friendlyError(error: unknown): string {
  if (!error) return ''
  const e = error as ApiError
  if (e.code === 'PT422') return e.message ?? 'That change is not allowed for this order.'
  if (e.code && BY_CODE[e.code]) return BY_CODE[e.code]!
  if (e.message === 'Failed to fetch' || e.message?.includes('NetworkError'))
    return 'The server cannot be reached. Check your connection.'
  if (e.code === '23505' || e.message?.includes('customers_email_key'))
    return 'A customer with that email exists.'
  return e.message && e.message.length < 200 ? e.message : 'Something went wrong. Please try again.'
}

export const isStaleVersion = (error: unknown) => (error as ApiError | null)?.code === 'PT409'
