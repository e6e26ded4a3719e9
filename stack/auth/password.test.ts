import { describe, expect, it } from 'vitest'
import { loadConfig } from '../shared/config.ts'
import { AuthError } from './errors.ts'
import { acceptablePassword } from './password.ts'

const deps = (password_requirements: string, minimum_password_length = 8) => ({
  ctx: { config: loadConfig({ toml: { auth: { password_requirements, minimum_password_length } } }) },
})

function refusal(d: ReturnType<typeof deps>, password: string) {
  try {
    acceptablePassword(d, password)
  } catch (err) {
    return err as AuthError
  }
  throw new Error(`"${password}" was accepted`)
}

describe('password strength as GoTrue checks it', () => {
  it('minimum length only, when password_requirements is empty', () => {
    expect(acceptablePassword(deps(''), 'aaaaaaaa')).toBe('aaaaaaaa')
    const err = refusal(deps(''), 'short')
    expect(err.status).toBe(422)
    expect(err.errorCode).toBe('weak_password')
    expect(err.message).toBe('Password should be at least 8 characters.')
    expect(err.extra).toEqual({ weak_password: { reasons: ['length'] } })
  })

  it('letters and digits, each set named in the message', () => {
    expect(acceptablePassword(deps('letters_digits'), 'abcdefg1')).toBe('abcdefg1')
    const err = refusal(deps('letters_digits'), 'abcdefgh')
    expect(err.message).toBe(
      'Password should contain at least one character of each: abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ, 0123456789.',
    )
    expect(err.extra).toEqual({ weak_password: { reasons: ['characters'] } })
  })

  it('every reason at once, in GoTrue order', () => {
    const err = refusal(deps('lower_upper_letters_digits_symbols'), 'Ab1')
    expect(err.extra).toEqual({ weak_password: { reasons: ['length', 'characters'] } })
    expect(acceptablePassword(deps('lower_upper_letters_digits_symbols'), 'Abcdef1:')).toBe('Abcdef1:')
  })
})
