// POST /token: grant_type=password and grant_type=refresh_token.
import type { IncomingMessage } from 'node:http'
import type { AuthDeps } from './deps.ts'
import {
  emailNotConfirmed,
  invalidCredentials,
  unsupportedGrantType,
  userBanned,
  validationFailed,
} from './errors.ts'
import { clientIp, jsonBody, str } from './request.ts'
import { checkPassword, findUserByEmail } from './user-queries.ts'

export async function token(req: IncomingMessage, deps: AuthDeps, query: URLSearchParams) {
  const grant = query.get('grant_type')
  const ip = clientIp(req)
  if (grant === 'password') {
    deps.limiter.take(deps.limits.signInSignUps, ip)
    const body = await jsonBody(req)
    const email = str(body, 'email')
    const password = str(body, 'password')
    if (!email || !password) throw validationFailed('missing email or phone')
    const user = await findUserByEmail(deps.ctx.adminPool, email)
    if (!user || !(await checkPassword(password, user.encrypted_password))) throw invalidCredentials()
    if (user.banned_until && user.banned_until > new Date()) throw userBanned()
    if (!user.email_confirmed_at) throw emailNotConfirmed()
    deps.log.info(`sign-in ${user.email}`)
    return deps.sessions.create(user, 'password', { userAgent: req.headers['user-agent'], ip })
  }
  if (grant === 'refresh_token') {
    deps.limiter.take(deps.limits.tokenRefresh, ip)
    const body = await jsonBody(req)
    const refresh = str(body, 'refresh_token')
    if (!refresh) throw validationFailed('refresh_token required')
    return deps.sessions.refresh(refresh)
  }
  throw unsupportedGrantType()
}
