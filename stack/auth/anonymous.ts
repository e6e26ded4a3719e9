// Anonymous sign-ins (POST /signup with neither email nor phone), when config.toml's
// `[auth] enable_anonymous_sign_ins` allows them; otherwise GoTrue's refusal.
import type { IncomingMessage } from 'node:http'
import { randomUUID } from 'node:crypto'
import type { AuthDeps } from './deps.ts'
import { anonymousProviderDisabled, signupDisabled } from './errors.ts'
import { clientIp, obj } from './request.ts'
import { findUserById } from './user-queries.ts'

export async function signInAnonymously(req: IncomingMessage, deps: AuthDeps, body: Record<string, unknown>) {
  const cfg = deps.ctx.config.auth
  if (!cfg.enableAnonymousSignIns) throw anonymousProviderDisabled()
  deps.limiter.take(deps.limits.anonymousUsers, clientIp(req))
  if (!cfg.enableSignup) throw signupDisabled()
  const db = deps.ctx.adminPool
  const id = randomUUID()
  // No email, no identity: the account is only its sessions until the user links an email.
  await db.query(
    `insert into auth.users (instance_id, id, aud, role, raw_app_meta_data, raw_user_meta_data, created_at, updated_at, is_anonymous)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, $3, now(), now(), true)`,
    [id, { provider: 'anonymous', providers: ['anonymous'] }, obj(body, 'data') ?? {}],
  )
  deps.log.info(`anonymous sign-in ${id}`)
  return deps.sessions.create((await findUserById(db, id))!, 'anonymous', {
    userAgent: req.headers['user-agent'],
    ip: clientIp(req),
  })
}
