// `npm run totp`: the demo admin's current 6-digit code (the seeded TOTP factor), as an
// authenticator app would show it. `npm run totp -- <base32 secret>` for another factor.
import { Secret, TOTP } from 'otpauth'
import { DEMO_ADMIN } from '../tests/support/totp.ts'

const secret = process.argv[2] ?? DEMO_ADMIN.totpSecret
const totp = new TOTP({ secret: Secret.fromBase32(secret.replace(/\s/g, '')) })
const left = 30 - (Math.floor(Date.now() / 1000) % 30)
const who = process.argv[2] ? 'this secret' : `${DEMO_ADMIN.email} (local demo only)`
console.log(`${totp.generate()}  for ${who}, good for ${left} more seconds`)
