// POST /token: grant_type=password and grant_type=refresh_token.
import type { IncomingMessage } from 'node:http'
import type { AuthDeps } from './deps.ts'
import { AuthError, invalidCredentials, validationFailed } from './errors.ts'
import { clientIp, jsonBody, str } from './request.ts'
import { checkPassword, findUserByEmail } from './users.ts'

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
    if (user.banned_until && user.banned_until > new Date())
      throw new AuthError(400, 'user_banned', 'User is banned')
    if (!user.email_confirmed_at) throw new AuthError(400, 'email_not_confirmed', 'Email not confirmed')
    deps.log.info(`sign-in ${user.email}`)
    return deps.sessions.create(user, 'password', { userAgent: req.headers['user-agent'], ip })
  }
  if (grant === 'refresh_token') {
    deps.limiter.take(deps.limits.tokenRefresh, ip)
    const body = await jsonBody(req)
    const refresh = str(body, 'refresh_token')
    if (!refresh) throw new AuthError(400, 'validation_failed', 'refresh_token required')
    return deps.sessions.refresh(refresh)
  }
  throw new AuthError(400, 'unsupported_grant_type', 'unsupported_grant_type')
}
