// The `[auth]` part of supabase/config.toml, read as the Supabase CLI hands it to GoTrue; a
// value the local stack cannot honour is refused here, at start, rather than ignored.
import path from 'node:path'
import { bool, num, str, strs, table, type Toml } from './toml.ts'

/**
 * `[auth] password_requirements` as the CLI passes it to GoTrue: each string is a set of which
 * a password needs at least one character.
 */
export const PASSWORD_REQUIREMENTS: Record<string, string[]> = {
  '': [],
  letters_digits: ['abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', '0123456789'],
  lower_upper_letters_digits: ['abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '0123456789'],
  lower_upper_letters_digits_symbols: [
    'abcdefghijklmnopqrstuvwxyz',
    'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    '0123456789',
    '!@#$%^&*()_+-=[]{};\'\\:"|<>?,./`~',
  ],
}

export interface AuthConfig {
  siteUrl: string
  additionalRedirectUrls: string[]
  jwtExpiry: number
  enableSignup: boolean
  enableRefreshTokenRotation: boolean
  refreshTokenReuseInterval: number
  minimumPasswordLength: number
  /** Character sets a password must each draw from (`password_requirements`). */
  passwordRequiredCharacters: string[]
  enableAnonymousSignIns: boolean
  /** Absolute path of the JWK set `[auth] signing_keys_path` names, if any. */
  signingKeysPath?: string
  mfa: {
    maxEnrolledFactors: number
    totp: { enrollEnabled: boolean; verifyEnabled: boolean }
  }
  email: {
    enableSignup: boolean
    enableConfirmations: boolean
    otpLength: number
    otpExpiry: number
    maxFrequency: string
    securePasswordChange: boolean
  }
  rateLimit: {
    anonymousUsers: number
    emailSent: number
    tokenRefresh: number
    signInSignUps: number
    tokenVerifications: number
  }
}

function passwordRequirements(value: unknown): string[] {
  const name = str(value, '')
  const sets = PASSWORD_REQUIREMENTS[name]
  if (!sets)
    throw new Error(
      `Invalid config for auth.password_requirements: "${name}". Must be one of: ${Object.keys(PASSWORD_REQUIREMENTS).join(', ')}`,
    )
  return sets
}

/**
 * With confirmations on, GoTrue's `double_confirm_changes` confirms an email change on both the
 * old and the new address; the local stack confirms it on the new one only, so it says so.
 */
function refuseDoubleConfirm(email: Toml): void {
  if (bool(email.enable_confirmations, false) && bool(email.double_confirm_changes, true))
    throw new Error(
      '[auth.email] double_confirm_changes = true with enable_confirmations = true is not supported by the ' +
        'local stack (it confirms an email change on the new address only): set double_confirm_changes = false, ' +
        'or run `supabase start`.',
    )
}

export function authConfig(auth: Toml, root: string): AuthConfig {
  const email = table(auth, 'email')
  const rate = table(auth, 'rate_limit')
  const mfa = table(auth, 'mfa')
  const totp = table(mfa, 'totp')
  refuseDoubleConfirm(email)
  return {
    siteUrl: str(auth.site_url, 'http://127.0.0.1:3000'),
    additionalRedirectUrls: strs(auth.additional_redirect_urls, []),
    jwtExpiry: num(auth.jwt_expiry, 3600),
    enableSignup: bool(auth.enable_signup, true),
    enableRefreshTokenRotation: bool(auth.enable_refresh_token_rotation, true),
    refreshTokenReuseInterval: num(auth.refresh_token_reuse_interval, 10),
    minimumPasswordLength: num(auth.minimum_password_length, 6),
    passwordRequiredCharacters: passwordRequirements(auth.password_requirements),
    enableAnonymousSignIns: bool(auth.enable_anonymous_sign_ins, false),
    // Relative paths start at supabase/, as the CLI resolves them.
    signingKeysPath:
      typeof auth.signing_keys_path === 'string' && auth.signing_keys_path
        ? path.resolve(root, 'supabase', auth.signing_keys_path)
        : undefined,
    mfa: {
      maxEnrolledFactors: num(mfa.max_enrolled_factors, 10),
      // Off unless config.toml turns them on, as the CLI defaults them.
      totp: {
        enrollEnabled: bool(totp.enroll_enabled, false),
        verifyEnabled: bool(totp.verify_enabled, false),
      },
    },
    email: {
      enableSignup: bool(email.enable_signup, true),
      enableConfirmations: bool(email.enable_confirmations, false),
      otpLength: num(email.otp_length, 6),
      otpExpiry: num(email.otp_expiry, 3600),
      maxFrequency: str(email.max_frequency, '1s'),
      securePasswordChange: bool(email.secure_password_change, false),
    },
    rateLimit: {
      anonymousUsers: num(rate.anonymous_users, 30),
      emailSent: num(rate.email_sent, 2),
      tokenRefresh: num(rate.token_refresh, 150),
      signInSignUps: num(rate.sign_in_sign_ups, 30),
      tokenVerifications: num(rate.token_verifications, 30),
    },
  }
}
