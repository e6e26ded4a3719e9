// TOTP multi-factor authentication under /factors, as GoTrue's mfa.go: enroll, challenge,
// verify (raises the session to aal2, `amr` gains totp), unenroll. Phone and WebAuthn factors
// answer GoTrue's "disabled" errors, as a project that has not turned them on does.
import type { IncomingMessage } from 'node:http'
import type { PoolClient } from 'pg'
import { transaction } from '../shared/transaction.ts'
import type { AuthDeps } from './deps.ts'
import {
  anonymousNotAllowed,
  factorNotFound,
  insufficientAal,
  methodNotAllowed,
  mfaError,
  notFound,
  validationFailed,
} from './errors.ts'
import { clientIp, jsonBody, str } from './request.ts'
import { currentUser } from './user.ts'
import { newTotp, totpStep } from './totp.ts'
import * as f from './factors.ts'
import type { UserRow } from './user-queries.ts'

async function signedIn(req: IncomingMessage, deps: AuthDeps) {
  const { user, sessionId } = await currentUser(req, deps)
  if (user.is_anonymous) throw anonymousNotAllowed()
  const session = await deps.sessions.find(sessionId)
  return { user, sessionId, aal: session?.aal ?? 'aal1' }
}

async function enroll(req: IncomingMessage, deps: AuthDeps) {
  const { user, aal } = await signedIn(req, deps)
  const body = await jsonBody(req)
  const mfa = deps.ctx.config.auth.mfa
  const type = body.factor_type
  if (type === 'phone') throw mfaError('mfa_phone_enroll_not_enabled', 'MFA enroll is disabled for Phone')
  if (type === 'webauthn')
    throw mfaError('mfa_webauthn_enroll_not_enabled', 'MFA enroll is disabled for WebAuthn')
  if (type !== 'totp') throw validationFailed('factor_type needs to be totp, phone, or webauthn')
  if (!mfa.totp.enrollEnabled)
    throw mfaError('mfa_totp_enroll_not_enabled', 'MFA enroll is disabled for TOTP')
  const friendlyName = str(body, 'friendly_name') ?? ''
  const db = deps.ctx.adminPool
  const existing = await f.currentFactors(db, user.id)
  if (friendlyName && existing.some((x) => x.friendly_name === friendlyName))
    throw mfaError(
      'mfa_factor_name_conflict',
      `A factor with the friendly name "${friendlyName}" for this user already exists`,
    )
  if (existing.length >= mfa.maxEnrolledFactors)
    throw mfaError(
      'too_many_enrolled_mfa_factors',
      'Maximum number of verified factors reached, unenroll to continue',
    )
  if (existing.some((x) => x.status === 'verified') && aal !== 'aal2')
    throw insufficientAal('AAL2 required to enroll a new factor')
  const issuer = str(body, 'issuer') || new URL(deps.ctx.config.auth.siteUrl).host
  const totp = await newTotp(issuer, user.email ?? '')
  const id = await f.insertTotpFactor(db, user.id, friendlyName, totp.secret)
  deps.log.info(`factor enrolled for ${user.email}`)
  return {
    id,
    type: 'totp',
    friendly_name: friendlyName,
    totp: { qr_code: totp.qrCode, secret: totp.secret, uri: totp.uri },
  }
}

async function factorOf(deps: AuthDeps, user: UserRow, factorId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(factorId)) throw validationFailed('factor_id must be an UUID', 404)
  const factor = await f.ownedFactor(deps.ctx.adminPool, user.id, factorId)
  if (!factor) throw factorNotFound()
  if (factor.factor_type !== 'totp')
    throw mfaError(
      `mfa_${factor.factor_type}_verify_not_enabled`,
      'MFA verification is disabled for this factor type',
    )
  if (!deps.ctx.config.auth.mfa.totp.verifyEnabled)
    throw mfaError('mfa_totp_verify_not_enabled', 'MFA verification is disabled for TOTP')
  return factor
}

async function challenge(req: IncomingMessage, deps: AuthDeps, factorId: string) {
  const { user } = await signedIn(req, deps)
  deps.limiter.take(deps.limits.mfaChallenge, clientIp(req))
  const factor = await factorOf(deps, user, factorId)
  const c = await f.createChallenge(deps.ctx.adminPool, factor.id, clientIp(req))
  return { id: c.id, type: 'totp', expires_at: c.expiresAt }
}

async function verify(req: IncomingMessage, deps: AuthDeps, factorId: string) {
  const { user, sessionId } = await signedIn(req, deps)
  deps.limiter.take(deps.limits.mfaVerify, clientIp(req))
  const factor = await factorOf(deps, user, factorId)
  const body = await jsonBody(req)
  const code = str(body, 'code') ?? ''
  if (!code) throw validationFailed('Code needs to be non-empty')
  await transaction(deps.ctx.adminPool, async (c) => {
    // One verification at a time per factor, so a code cannot be spent twice in parallel.
    await c.query('select 1 from auth.mfa_factors where id = $1 for update', [factor.id])
    await checkAndAccept(deps, c, factor, str(body, 'challenge_id') ?? '', code, clientIp(req))
    if (factor.status !== 'verified') await f.markFactorVerified(c, factor)
  })
  deps.log.info(`factor verified for ${user.email}: session at aal2`)
  return deps.sessions.raiseToAal2(user, sessionId, factor.id, 'totp')
}

async function checkAndAccept(
  deps: AuthDeps,
  c: PoolClient,
  factor: f.FactorRow,
  challengeId: string,
  code: string,
  ip: string,
) {
  const ch = await f.findChallenge(c, factor.id, challengeId)
  if (!ch) throw mfaError('mfa_factor_not_found', 'MFA factor with the provided challenge ID not found')
  if (ch.verified_at || ch.ip_address !== ip)
    throw mfaError('mfa_ip_address_mismatch', 'Challenge and verify IP addresses mismatch.')
  if (ch.age > f.CHALLENGE_EXPIRY) {
    // Outside the transaction, which this error rolls back.
    await f.deleteChallenge(deps.ctx.adminPool, ch.id)
    throw mfaError(
      'mfa_challenge_expired',
      `MFA challenge ${ch.id} has expired, verify against another challenge or create a new challenge.`,
    )
  }
  const step = totpStep(factor.secret ?? '', code)
  if (step === undefined || !(await f.acceptStep(c, factor.id, ch.id, step)))
    throw mfaError('mfa_verification_failed', 'Invalid TOTP code entered')
}

async function unenroll(req: IncomingMessage, deps: AuthDeps, factorId: string) {
  const { user, aal } = await signedIn(req, deps)
  if (!/^[0-9a-f-]{36}$/i.test(factorId)) throw validationFailed('factor_id must be an UUID', 404)
  const factor = await f.ownedFactor(deps.ctx.adminPool, user.id, factorId)
  if (!factor) throw factorNotFound()
  if (factor.status === 'verified' && aal !== 'aal2')
    throw insufficientAal('AAL2 required to unenroll verified factor', 422)
  await f.deleteFactor(deps.ctx.adminPool, factor)
  deps.log.info(`factor unenrolled for ${user.email}`)
  return { id: factor.id }
}

/** Routes /factors, /factors/{id}, /factors/{id}/challenge and /factors/{id}/verify. */
export async function factors(req: IncomingMessage, deps: AuthDeps, path: string): Promise<unknown> {
  if (path === '/factors' && req.method === 'POST') return enroll(req, deps)
  const m = path.match(/^\/factors\/([^/]+)(\/challenge|\/verify)?\/?$/)
  if (!m) throw notFound()
  const id = decodeURIComponent(m[1]!)
  if (m[2] === '/challenge' && req.method === 'POST') return challenge(req, deps, id)
  if (m[2] === '/verify' && req.method === 'POST') return verify(req, deps, id)
  if (!m[2] && req.method === 'DELETE') return unenroll(req, deps, id)
  throw methodNotAllowed()
}
