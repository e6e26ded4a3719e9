// POST /signup: email + password; signs in at once when confirmations are off, otherwise
// mails a confirmation and returns the user.
import type { IncomingMessage } from 'node:http'
import type { AuthDeps } from './deps.ts'
import { signupDisabled, userAlreadyExists, validationFailed } from './errors.ts'
import { acceptablePassword } from './password.ts'
import { checkEmail, clientIp, jsonBody, obj, str, wantedRedirect } from './request.ts'
import { signInAnonymously } from './anonymous.ts'
import { findUserByEmail, insertUser, userJson } from './user-queries.ts'

export async function signup(req: IncomingMessage, deps: AuthDeps, query: URLSearchParams) {
  const cfg = deps.ctx.config.auth
  const body = await jsonBody(req)
  // No email and no phone: an anonymous sign-in (supabase.auth.signInAnonymously()).
  if (!str(body, 'email') && !str(body, 'phone')) return signInAnonymously(req, deps, body)
  deps.limiter.take(deps.limits.signInSignUps, clientIp(req))
  if (!cfg.enableSignup || !cfg.email.enableSignup) throw signupDisabled()
  const email = str(body, 'email')
  if (!email) throw validationFailed('To signup, please provide your email')
  checkEmail(email)
  const password = acceptablePassword(deps, str(body, 'password'))
  const data = obj(body, 'data') ?? {}
  const db = deps.ctx.adminPool
  if (await findUserByEmail(db, email)) throw userAlreadyExists()
  const confirmed = !cfg.email.enableConfirmations
  // user_metadata only: app_metadata and role are never taken from sign-up data.
  const user = await insertUser(db, { email, password, userMetadata: data, confirmed })
  deps.log.info(`signup ${user.email}${confirmed ? '' : ' (confirmation sent)'}`)
  if (confirmed) {
    return deps.sessions.create(user, 'password', { userAgent: req.headers['user-agent'], ip: clientIp(req) })
  }
  deps.limiter.take(deps.limits.emailSent, clientIp(req))
  await deps.otp.send(db, { id: user.id, email: user.email! }, 'signup', wantedRedirect(body, query), {
    referer: req.headers.referer,
  })
  await db.query('update auth.users set confirmation_sent_at = now() where id = $1', [user.id])
  return userJson(db, (await findUserByEmail(db, email))!)
}
