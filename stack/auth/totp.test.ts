import { describe, expect, it } from 'vitest'
import { Secret, TOTP } from 'otpauth'
import { newTotp, totpStep } from './totp.ts'

const codeAt = (secret: string, timestamp: number) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp })

describe('TOTP as GoTrue checks it', () => {
  it('issues a 160-bit base32 secret, an otpauth URI naming issuer and account, and an SVG QR code', async () => {
    const t = await newTotp('127.0.0.1:3000', 'ann@example.com')
    expect(t.secret).toMatch(/^[A-Z2-7]{32}$/)
    const uri = new URL(t.uri)
    expect(uri.protocol).toBe('otpauth:')
    expect(uri.searchParams.get('secret')).toBe(t.secret)
    expect(uri.searchParams.get('issuer')).toBe('127.0.0.1:3000')
    expect(decodeURIComponent(uri.pathname)).toContain('ann@example.com')
    expect(t.qrCode).toMatch(/^<svg[\s\S]*<\/svg>\s*$/)
  })

  it('accepts the code of this step and of one step either side, and nothing further', async () => {
    const { secret } = await newTotp('x', 'y')
    const now = 1_800_000_015_000
    const step = Math.floor(now / 30_000)
    expect(totpStep(secret, codeAt(secret, now), now)).toBe(step)
    expect(totpStep(secret, codeAt(secret, now - 30_000), now)).toBe(step - 1)
    expect(totpStep(secret, codeAt(secret, now + 30_000), now)).toBe(step + 1)
    expect(totpStep(secret, codeAt(secret, now - 90_000), now)).toBeUndefined()
    expect(totpStep(secret, 'abcdef', now)).toBeUndefined()
  })
})
