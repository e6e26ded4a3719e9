// GET /user and PUT /user for the signed-in user, and POST /logout.
import type { IncomingMessage } from 'node:http'
import type { AuthDeps } from './deps.ts'
import {
  emailExists,
  reauthenticationNeeded,
  reauthenticationNotValid,
  samePassword,
  sessionNotFound,
  userNotFound,
  validationFailed,
} from './errors.ts'
import { callerToken, checkEmail, clientIp, jsonBody, obj, str } from './request.ts'
import { acceptablePassword } from './password.ts'
import {
  checkPassword,
  findUserByEmail,
  findUserById,
  hashPassword,
  updateUser,
  userJson,
  type UserRow,
} from './user-queries.ts'

const DAY_MS = 24 * 3_600_000

/**
 * `[auth.email] secure_password_change`: a session older than a day changes the password only
 * with the nonce GET /reauthenticate mailed (GoTrue's UpdatePasswordRequireReauthentication).
 */
async function requireRecentSignIn(deps: AuthDeps, user: UserRow, sessionId: string, nonce?: string) {
  if (!deps.ctx.config.auth.email.securePasswordChange) return
  const session = await deps.sessions.find(sessionId)
  if (session && Date.now() - session.created_at.getTime() <= DAY_MS) return
  if (!nonce) throw reauthenticationNeeded()
  if (!(await deps.otp.consumeNonce(deps.ctx.adminPool, { id: user.id, email: user.email ?? '' }, nonce)))
    throw reauthenticationNotValid()
}

/** The user behind the bearer token; the token's session must still exist (not signed out). */
export async function currentUser(
  req: IncomingMessage,
  deps: AuthDeps,
): Promise<{ user: UserRow; sessionId: string }> {
  const token = await callerToken(req, deps.ctx.verifier)
  const sub = token.claims.sub
  const user = typeof sub === 'string' ? await findUserById(deps.ctx.adminPool, sub) : undefined
  if (!user) throw userNotFound()
  const sessionId = token.claims.session_id
  if (!(await deps.sessions.exists(sessionId))) throw sessionNotFound()
  return { user, sessionId: sessionId as string }
}

export async function getUser(req: IncomingMessage, deps: AuthDeps) {
  const { user } = await currentUser(req, deps)
  return userJson(deps.ctx.adminPool, user)
}

export async function putUser(req: IncomingMessage, deps: AuthDeps) {
  const { user, sessionId } = await currentUser(req, deps)
  deps.limiter.take(deps.limits.signInSignUps, clientIp(req))
  const body = await jsonBody(req)
  const db = deps.ctx.adminPool
  const set: Record<string, unknown> = {}
  const password = str(body, 'password')
  if (password !== undefined) {
    await requireRecentSignIn(deps, user, sessionId, str(body, 'nonce'))
    if (await checkPassword(password, user.encrypted_password)) throw samePassword()
    set.encrypted_password = await hashPassword(acceptablePassword(deps, password))
  }
  const data = obj(body, 'data')
  // user_metadata merges as GoTrue does; app_metadata and role are not the user's to change.
  if (data) set.raw_user_meta_data = { ...user.raw_user_meta_data, ...data }
  const email = str(body, 'email')
  let updated = Object.keys(set).length ? await updateUser(db, user.id, set) : user
  if (email !== undefined && email.toLowerCase() !== user.email) {
    checkEmail(email)
    if (await findUserByEmail(db, email)) throw emailExists()
    if (deps.ctx.config.auth.email.enableConfirmations) {
      // otp.send stamps email_change_sent_at (and enforces max_frequency on it).
      updated = await updateUser(db, user.id, { email_change: email.toLowerCase() })
      await deps.otp.send(db, { id: user.id, email: email.toLowerCase() }, 'email_change', undefined)
    } else {
      updated = await updateUser(db, user.id, { email: email.toLowerCase(), email_confirmed_at: new Date() })
      await db.query(
        `update auth.identities set identity_data = identity_data || jsonb_build_object('email', $2::text) where user_id = $1 and provider = 'email'`,
        [user.id, email.toLowerCase()],
      )
    }
  }
  return userJson(db, updated)
}

export async function logout(req: IncomingMessage, deps: AuthDeps, query: URLSearchParams) {
  const { user, sessionId } = await currentUser(req, deps)
  const scope = query.get('scope') ?? 'global'
  if (scope !== 'global' && scope !== 'local' && scope !== 'others') {
    throw validationFailed(`Unsupported logout scope "${scope}"`)
  }
  await deps.sessions.revoke(user.id, sessionId, scope)
  deps.log.info(`logout ${user.email} (${scope})`)
  return undefined
}
