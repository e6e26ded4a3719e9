// The admin API (service role only): users, invite, generate_link. The only place
// app_metadata (where the app's admin role lives) can be set.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AuthDeps } from './deps.ts'
import {
  emailExists,
  factorNotFound,
  methodNotAllowed,
  notFound,
  userNotFound,
  validationFailed,
} from './errors.ts'
import { checkEmail, jsonBody, obj, requireAdmin, str, validEmail, wantedRedirect } from './request.ts'
import { acceptablePassword } from './password.ts'
import {
  findUserByEmail,
  factorsJson,
  findUserById,
  hashPassword,
  insertUser,
  updateUser,
  userJson,
  type UserRow,
} from './user-queries.ts'
import type { VerifyType } from './otp.ts'
import { deleteFactor, ownedFactor } from './factors.ts'

const BAN = /^(\d+)(h|m|s)$/

function banUntil(duration: unknown): Date | null | undefined {
  if (duration === undefined) return undefined
  if (duration === 'none') return null
  const m = typeof duration === 'string' ? duration.match(BAN) : null
  if (!m) throw validationFailed('ban_duration: expected e.g. "24h", "30m" or "none"')
  const ms = Number(m[1]) * { h: 3_600_000, m: 60_000, s: 1000 }[m[2] as 'h' | 'm' | 's']
  return new Date(Date.now() + ms)
}

async function createUser(req: IncomingMessage, deps: AuthDeps) {
  const body = await jsonBody(req)
  const email = str(body, 'email')
  checkEmail(email)
  const db = deps.ctx.adminPool
  if (await findUserByEmail(db, email)) throw emailExists()
  const password = str(body, 'password')
  const user = await insertUser(db, {
    email,
    password: password === undefined ? undefined : acceptablePassword(deps, password),
    userMetadata: obj(body, 'user_metadata') ?? {},
    appMetadata: obj(body, 'app_metadata') ?? {},
    confirmed: body.email_confirm === true,
    role: str(body, 'role'),
  })
  const ban = banUntil(body.ban_duration)
  const final = ban === undefined ? user : await updateUser(db, user.id, { banned_until: ban })
  deps.log.info(`admin created ${final.email}`)
  return userJson(db, final)
}

async function updateUserById(req: IncomingMessage, deps: AuthDeps, user: UserRow) {
  const body = await jsonBody(req)
  const db = deps.ctx.adminPool
  const set: Record<string, unknown> = {}
  const email = str(body, 'email')
  if (email !== undefined && email.toLowerCase() !== user.email) {
    checkEmail(email)
    if (await findUserByEmail(db, email)) throw emailExists()
    set.email = email.toLowerCase()
  }
  const password = str(body, 'password')
  if (password !== undefined) set.encrypted_password = await hashPassword(acceptablePassword(deps, password))
  const userMeta = obj(body, 'user_metadata')
  if (userMeta) set.raw_user_meta_data = { ...user.raw_user_meta_data, ...userMeta }
  const appMeta = obj(body, 'app_metadata')
  if (appMeta) set.raw_app_meta_data = { ...user.raw_app_meta_data, ...appMeta }
  if (body.email_confirm === true && !user.email_confirmed_at) set.email_confirmed_at = new Date()
  const role = str(body, 'role')
  if (role) set.role = role
  const ban = banUntil(body.ban_duration)
  if (ban !== undefined) set.banned_until = ban
  return userJson(db, Object.keys(set).length ? await updateUser(db, user.id, set) : user)
}

async function listUsers(deps: AuthDeps, query: URLSearchParams, res: ServerResponse) {
  const page = Math.max(1, Number(query.get('page') ?? 1) || 1)
  const perPage = Math.min(1000, Math.max(1, Number(query.get('per_page') ?? 50) || 50))
  const db = deps.ctx.adminPool
  const { rows } = await db.query<UserRow>(
    'select * from auth.users where deleted_at is null order by created_at, id limit $1 offset $2',
    [perPage, (page - 1) * perPage],
  )
  const total = Number(
    (await db.query<{ n: string }>('select count(*) as n from auth.users where deleted_at is null')).rows[0]!
      .n,
  )
  res.setHeader('x-total-count', String(total))
  const last = Math.max(1, Math.ceil(total / perPage))
  const links = [`</admin/users?page=${last}&per_page=${perPage}>; rel="last"`]
  if (page < last) links.unshift(`</admin/users?page=${page + 1}&per_page=${perPage}>; rel="next"`)
  res.setHeader('link', links.join(', '))
  return { users: await Promise.all(rows.map((u) => userJson(db, u))), aud: 'authenticated' }
}

/** Who an invite goes to: the unconfirmed account of that address, or a new invited one. */
async function invitedUser(db: AuthDeps['ctx']['adminPool'], email: string, body: Record<string, unknown>) {
  const user = await findUserByEmail(db, email)
  if (user?.email_confirmed_at) throw emailExists()
  return (
    user ?? insertUser(db, { email, userMetadata: obj(body, 'data') ?? {}, confirmed: false, invited: true })
  )
}

async function invite(req: IncomingMessage, deps: AuthDeps, query: URLSearchParams) {
  const body = await jsonBody(req)
  const email = str(body, 'email')
  checkEmail(email)
  const db = deps.ctx.adminPool
  const user = await invitedUser(db, email, body)
  await deps.otp.send(db, { id: user.id, email: user.email! }, 'invite', wantedRedirect(body, query))
  deps.log.info(`invited ${user.email}`)
  return userJson(db, (await findUserById(db, user.id))!)
}

const LINK_TYPES = [
  'signup',
  'invite',
  'magiclink',
  'recovery',
  'email_change_current',
  'email_change_new',
] as const

async function generateLink(req: IncomingMessage, deps: AuthDeps) {
  const body = await jsonBody(req)
  const type = str(body, 'type') as (typeof LINK_TYPES)[number] | undefined
  if (!type || !LINK_TYPES.includes(type)) throw validationFailed('Invalid or missing link type')
  const email = str(body, 'email')
  checkEmail(email)
  const db = deps.ctx.adminPool
  let user = await findUserByEmail(db, email)
  if (type === 'signup') {
    if (user) throw emailExists()
    const password = str(body, 'password')
    user = await insertUser(db, {
      email,
      password: password && acceptablePassword(deps, password),
      userMetadata: obj(body, 'data') ?? {},
      confirmed: false,
    })
  } else if (type === 'invite') {
    user = await invitedUser(db, email, body)
  }
  if (!user) throw userNotFound()
  let target = user.email!
  let verifyAs: VerifyType =
    type === 'signup' || type === 'invite' || type === 'magiclink' || type === 'recovery'
      ? type
      : 'email_change'
  if (type.startsWith('email_change')) {
    const newEmail = str(body, 'new_email')
    if (!newEmail || !validEmail(newEmail))
      throw validationFailed('new_email is required for email_change links')
    await updateUser(db, user.id, { email_change: newEmail.toLowerCase() })
    target = newEmail.toLowerCase()
    verifyAs = 'email_change'
  }
  const link = await deps.otp.send(
    db,
    { id: user.id, email: target },
    verifyAs,
    body.redirect_to ?? obj(body, 'options')?.redirect_to,
    { mail: false },
  )
  return {
    ...(await userJson(db, (await findUserById(db, user.id))!)),
    action_link: link.link,
    email_otp: link.otp,
    hashed_token: link.hash,
    redirect_to: link.redirect,
    verification_type: link.verificationType,
  }
}

/** GET /admin/users/{id}/factors and DELETE /admin/users/{id}/factors/{factor_id}. */
async function userFactors(req: IncomingMessage, deps: AuthDeps, userId: string, factorId?: string) {
  const db = deps.ctx.adminPool
  const user = await findUserById(db, decodeURIComponent(userId))
  if (!user) throw userNotFound()
  if (!factorId && req.method === 'GET') return factorsJson(db, user.id)
  if (!factorId || req.method !== 'DELETE') throw methodNotAllowed()
  const id = decodeURIComponent(factorId)
  const factor = /^[0-9a-f-]{36}$/i.test(id) ? await ownedFactor(db, user.id, id) : undefined
  if (!factor) throw factorNotFound()
  const [json] = (await factorsJson(db, user.id)).filter((f) => f.id === factor.id)
  await deleteFactor(db, factor)
  return json
}

export async function admin(
  req: IncomingMessage,
  res: ServerResponse,
  deps: AuthDeps,
  path: string,
  query: URLSearchParams,
) {
  await requireAdmin(req, deps.ctx.verifier)
  if (path === '/invite' && req.method === 'POST') return invite(req, deps, query)
  if (path === '/admin/generate_link' && req.method === 'POST') return generateLink(req, deps)
  if (path === '/admin/users' && req.method === 'POST') return createUser(req, deps)
  if (path === '/admin/users' && req.method === 'GET') return listUsers(deps, query, res)
  const factorPath = path.match(/^\/admin\/users\/([^/]+)\/factors(?:\/([^/]+))?$/)
  if (factorPath) return userFactors(req, deps, factorPath[1]!, factorPath[2])
  const m = path.match(/^\/admin\/users\/([^/]+)$/)
  if (!m) throw notFound()
  const user = await findUserById(deps.ctx.adminPool, decodeURIComponent(m[1]!))
  if (!user) throw userNotFound()
  if (req.method === 'GET') return userJson(deps.ctx.adminPool, user)
  if (req.method === 'PUT') return updateUserById(req, deps, user)
  if (req.method === 'DELETE') {
    await deps.ctx.adminPool.query('delete from auth.users where id = $1', [user.id])
    deps.log.info(`admin deleted ${user.email}`)
    return {}
  }
  throw methodNotAllowed()
}
