// Password strength as GoTrue checks it (internal/api/password.go), from `[auth]` settings.
import type { AuthConfig } from '../shared/config.ts'
import { validationFailed, weakPassword } from './errors.ts'

/** GoTrue's checkPasswordStrength: minimum length, then `password_requirements`, reasons for each miss. */
export function acceptablePassword(
  deps: { ctx: { config: { auth: AuthConfig } } },
  password: string | undefined,
): string {
  if (!password) throw validationFailed('Signup requires a valid password')
  const { minimumPasswordLength: min, passwordRequiredCharacters: sets } = deps.ctx.config.auth
  const reasons: string[] = []
  const messages: string[] = []
  if (password.length < min) {
    reasons.push('length')
    messages.push(`Password should be at least ${min} characters.`)
  }
  if (sets.some((set) => ![...set].some((ch) => password.includes(ch)))) {
    reasons.push('characters')
    messages.push(`Password should contain at least one character of each: ${sets.join(', ')}.`)
  }
  if (reasons.length) throw weakPassword(messages.join(' '), reasons)
  return password
}
