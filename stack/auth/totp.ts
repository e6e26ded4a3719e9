// TOTP as GoTrue does it (RFC 6238: SHA1, 6 digits, 30 s, one step of skew each way), with
// the `otpauth` library; and the QR code GoTrue returns (SVG markup) via `qrcode`.
import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'

const PERIOD = 30

function totpOf(secret: string, issuer = '', label = '') {
  return new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  })
}

/** A new secret for `account` (the user's email), its otpauth:// URI and QR code. */
export async function newTotp(issuer: string, account: string) {
  const secret = new Secret({ size: 20 }).base32
  const uri = totpOf(secret, issuer, account).toString()
  const qrCode = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'H' })
  return { secret, uri, qrCode }
}

/**
 * The time step a code belongs to, if it is valid now (the current step or one either side);
 * else undefined. Callers refuse a step that was already used: a code works once.
 */
export function totpStep(secret: string, code: string, now = Date.now()): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined
  const delta = totpOf(secret).validate({ token: code, timestamp: now, window: 1 })
  if (delta === null) return undefined
  return Math.floor(now / 1000 / PERIOD) + delta
}
