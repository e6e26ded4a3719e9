import { describe, expect, it } from 'vitest'
import { cleanCode, groupSecret, isSixDigits, secondStep } from './mfa'
import { waitSeconds } from './resend'

describe('secondStep: what an admin still has to do', () => {
  it('enrols without a verified factor, types a code with one, and is done at aal2', () => {
    expect(secondStep('aal1', 'aal1')).toBe('enrol')
    expect(secondStep('aal1', 'aal2')).toBe('code')
    expect(secondStep('aal2', 'aal2')).toBe('done')
  })
})

describe('codes and secrets as people type and read them', () => {
  it('takes "123 456" and "123-456" as 123456, and only six digits count', () => {
    expect(cleanCode(' 123 456 ')).toBe('123456')
    expect(cleanCode('123-456')).toBe('123456')
    expect(isSixDigits('123456')).toBe(true)
    for (const bad of ['12345', '1234567', '12345a', '']) expect(isSixDigits(bad)).toBe(false)
  })

  it('writes the secret in groups of four', () => {
    expect(groupSecret('OJSWC3DUNFWWKLLPOJSGK4TTFVSGK3LP')).toBe('OJSW C3DU NFWW KLLP OJSG K4TT FVSG K3LP')
  })
})

describe('waitSeconds: the cooldown Auth asks for before another email', () => {
  it('reads N from its 429 message, plus the second Auth rounds away', () => {
    const tooSoon = {
      status: 429,
      message: 'For security purposes, you can only request this after 42 seconds.',
    }
    expect(waitSeconds(tooSoon)).toBe(43)
    expect(waitSeconds({ ...tooSoon, message: 'you can only request this after 0 seconds.' })).toBe(1)
  })

  it('is undefined for other errors, and for a 429 that names no wait', () => {
    expect(waitSeconds(null)).toBeUndefined()
    expect(waitSeconds({ status: 400, message: 'after 5 seconds' })).toBeUndefined()
    expect(waitSeconds({ status: 429, message: 'Email rate limit exceeded' })).toBeUndefined()
  })
})
