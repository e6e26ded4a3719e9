// POST /resend (sign-up confirmation and email-change codes again) and GET /reauthenticate
// (a code that proves a recent sign-in, for password changes), as GoTrue's handlers.
import type { IncomingMessage } from 'node:http'
import type { AuthDeps } from './deps.ts'
import {
  emailNotConfirmedForResend,
  emailProviderDisabled,
  phoneProviderDisabled,
  validationFailed,
} from './errors.ts'
import { checkEmail, clientIp, jsonBody, str, wantedRedirect } from './request.ts'
import { currentUser } from './user.ts'
import { findUserByEmail } from './user-queries.ts'

const TYPES = ['signup', 'email_change', 'sms', 'phone_change']

export async function resend(req: IncomingMessage, deps: AuthDeps, query: URLSearchParams) {
  const ip = clientIp(req)
  deps.limiter.take(deps.limits.signInSignUps, ip)
  const body = await jsonBody(req)
  const type = str(body, 'type') ?? ''
  const email = str(body, 'email') ?? ''
  const phone = str(body, 'phone') ?? ''
  if (!TYPES.includes(type))
    throw validationFailed('Missing one of these types: signup, email_change, sms, phone_change')
  if (!email && type === 'signup') throw validationFailed('Type provided requires an email address')
  if (!phone && type === 'sms') throw validationFailed('Type provided requires a phone number')
  if (email && phone) throw validationFailed('Only an email address or phone number should be provided.')
  if (phone) throw phoneProviderDisabled()
  if (!email) throw validationFailed('Missing email address or phone number')
  if (!deps.ctx.config.auth.email.enableSignup) throw emailProviderDisabled()
  checkEmail(email)
  const db = deps.ctx.adminPool
  const user = await findUserByEmail(db, email)
  // Unknown address, nothing pending: the same empty answer, as GoTrue gives.
  if (!user) return {}
  if (type === 'signup' && user.email_confirmed_at) return {}
  if (type === 'email_change' && !user.email_change) return {}
  if (type !== 'signup' && type !== 'email_change') return {}
  deps.limiter.take(deps.limits.emailSent, ip)
  const to = type === 'signup' ? user.email! : user.email_change!
  await deps.otp.send(db, { id: user.id, email: to }, type, wantedRedirect(body, query), {
    referer: req.headers.referer,
  })
  deps.log.info(`resent ${type} to ${to}`)
  return {}
}

export async function reauthenticate(req: IncomingMessage, deps: AuthDeps) {
  const { user } = await currentUser(req, deps)
  if (!user.email)
    throw validationFailed('Reauthentication requires the user to have an email or a phone number')
  if (!user.email_confirmed_at) throw emailNotConfirmedForResend()
  deps.limiter.take(deps.limits.emailSent, clientIp(req))
  await deps.otp.send(deps.ctx.adminPool, { id: user.id, email: user.email }, 'reauthentication', undefined)
  deps.log.info(`reauthentication code sent to ${user.email}`)
  return {}
}
