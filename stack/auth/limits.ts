// The rate limits `[auth.rate_limit]` sets, per client address, as GoTrue applies them.
import type { AuthConfig } from '../shared/config.ts'
import type { Limit } from './rate-limit.ts'

const FIVE_MINUTES = 5 * 60_000
const HOUR = 3_600_000

const perFiveMinutes = (name: string, max: number): Limit => ({
  name,
  max,
  windowMs: FIVE_MINUTES,
  errorCode: 'over_request_rate_limit',
})

export function authLimits(rl: AuthConfig['rateLimit']) {
  return {
    /** sign-up, password sign-in, OTP and magic link, recovery, resend, user updates. */
    signInSignUps: perFiveMinutes('sign_in_sign_ups', rl.signInSignUps),
    tokenRefresh: perFiveMinutes('token_refresh', rl.tokenRefresh),
    tokenVerifications: perFiveMinutes('token_verifications', rl.tokenVerifications),
    // Emails per hour for the whole project, as GoTrue counts them (not per address).
    emailSent: {
      name: 'email_sent',
      global: true,
      max: rl.emailSent,
      windowMs: HOUR,
      errorCode: 'over_email_send_rate_limit',
    } satisfies Limit,
    anonymousUsers: { ...perFiveMinutes('anonymous_users', rl.anonymousUsers), windowMs: HOUR },
    // GoTrue's MFA limiters (challenges, verifications): 15 a minute with bursts of 30 (a token
    // bucket); here windows of 30 per two minutes, the same average and burst.
    mfaChallenge: { ...perFiveMinutes('mfa_challenge', 30), windowMs: 2 * 60_000 },
    mfaVerify: { ...perFiveMinutes('mfa_verify', 30), windowMs: 2 * 60_000 },
  }
}

export type AuthLimits = ReturnType<typeof authLimits>
