// POST /otp (email code + magic link), POST /recover, and POST/GET /verify.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { transaction } from '../shared/transaction.ts'
import type { AuthDeps } from './deps.ts'
import { AuthError, otpDisabled, otpExpired, signupDisabled, validationFailed } from './errors.ts'
import { checkEmail, clientIp, jsonBody, obj, str, wantedRedirect } from './request.ts'
import { findUserByEmail, findUserById, insertUser, updateUser } from './user-queries.ts'
import type { AmrMethod, Session } from './sessions.ts'
import type { VerifyType } from './otp.ts'

const TYPES: VerifyType[] = ['signup', 'invite', 'magiclink', 'recovery', 'email_change', 'email']

export async function otp(req: IncomingMessage, deps: AuthDeps, query: URLSearchParams) {
  const ip = clientIp(req)
  const body = await jsonBody(req)
  const email = str(body, 'email')
  if (!email) throw validationFailed('Only an email address or phone number should be provided')
  checkEmail(email)
  deps.limiter.take(deps.limits.signInSignUps, ip)
  deps.limiter.take(deps.limits.emailSent, ip)
  const db = deps.ctx.adminPool
  let user = await findUserByEmail(db, email)
  if (!user) {
    if (body.create_user === false) throw otpDisabled()
    if (!deps.ctx.config.auth.enableSignup) throw signupDisabled()
    user = await insertUser(db, { email, userMetadata: obj(body, 'data') ?? {}, confirmed: false })
  }
  await deps.otp.send(
    db,
    { id: user.id, email: user.email! },
    user.email_confirmed_at ? 'magiclink' : 'signup',
    wantedRedirect(body, query),
    { referer: req.headers.referer },
  )
  deps.log.info(`otp sent to ${user.email}`)
  return {}
}

export async function recover(req: IncomingMessage, deps: AuthDeps, query: URLSearchParams) {
  const body = await jsonBody(req)
  const email = str(body, 'email')
  checkEmail(email)
  deps.limiter.take(deps.limits.signInSignUps, clientIp(req))
  deps.limiter.take(deps.limits.emailSent, clientIp(req))
  const user = await findUserByEmail(deps.ctx.adminPool, email)
  // Same answer whether or not the address is known, as GoTrue does.
  if (user) {
    await deps.otp.send(
      deps.ctx.adminPool,
      { id: user.id, email: user.email! },
      'recovery',
      wantedRedirect(body, query),
      { referer: req.headers.referer },
    )
  }
  return {}
}

const AMR: Record<VerifyType, AmrMethod> = {
  signup: 'otp',
  invite: 'invite',
  magiclink: 'magiclink',
  email: 'otp',
  recovery: 'recovery',
  email_change: 'otp',
}

async function consume(
  req: IncomingMessage,
  deps: AuthDeps,
  type: VerifyType,
  by: { hash?: string; email?: string; otp?: string },
): Promise<Session> {
  const userId = await transaction(deps.ctx.adminPool, async (c) => {
    const { userId, email } = await deps.otp.consume(c, type, by)
    const user = await findUserById(c, userId)
    if (!user) throw otpExpired()
    if (type === 'email_change') {
      await updateUser(c, user.id, { email, email_change: '', email_confirmed_at: new Date() })
    } else if (!user.email_confirmed_at) {
      await updateUser(c, user.id, { email_confirmed_at: new Date() })
    }
    return userId
  })
  const user = (await findUserById(deps.ctx.adminPool, userId))!
  deps.log.info(`verified ${type} for ${user.email}`)
  return deps.sessions.create(user, AMR[type], { userAgent: req.headers['user-agent'], ip: clientIp(req) })
}

function verifyType(value: unknown): VerifyType {
  if (typeof value !== 'string' || !TYPES.includes(value as VerifyType))
    throw validationFailed('Verify requires a verification type')
  return value as VerifyType
}

export async function verifyPost(req: IncomingMessage, deps: AuthDeps) {
  deps.limiter.take(deps.limits.tokenVerifications, clientIp(req))
  const body = await jsonBody(req)
  const type = verifyType(body.type)
  const hash = str(body, 'token_hash')
  if (hash) return consume(req, deps, type, { hash })
  const email = str(body, 'email')
  const token = str(body, 'token')
  if (!email || !token) throw validationFailed('Verify requires either a token or a token hash')
  return consume(req, deps, type, { email, otp: token })
}

/** The link in the email: signs in and redirects with the session in the URL fragment. */
export async function verifyGet(
  req: IncomingMessage,
  res: ServerResponse,
  deps: AuthDeps,
  query: URLSearchParams,
) {
  const redirect = deps.otp.redirectFor(query.get('redirect_to'), req.headers.referer)
  let fragment: URLSearchParams
  try {
    deps.limiter.take(deps.limits.tokenVerifications, clientIp(req))
    const type = verifyType(query.get('type'))
    const session = await consume(req, deps, type, { hash: query.get('token') ?? undefined })
    fragment = new URLSearchParams({
      access_token: session.access_token,
      expires_at: String(session.expires_at),
      expires_in: String(session.expires_in),
      refresh_token: session.refresh_token,
      token_type: 'bearer',
      type,
    })
  } catch (err) {
    if (!(err instanceof AuthError)) throw err
    fragment = new URLSearchParams({
      error: err.status === 403 ? 'access_denied' : 'invalid_request',
      error_code: err.errorCode,
      error_description: err.message,
    })
  }
  res.writeHead(303, { location: `${redirect}#${fragment.toString()}` })
  res.end()
}
