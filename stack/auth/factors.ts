// auth.mfa_factors and auth.mfa_challenges: the queries MFA needs, as GoTrue's models do them.
import { randomUUID } from 'node:crypto'
import type pg from 'pg'

type Db = pg.Pool | pg.PoolClient

export interface FactorRow {
  id: string
  user_id: string
  friendly_name: string | null
  factor_type: 'totp' | 'phone' | 'webauthn'
  status: 'unverified' | 'verified'
  secret: string | null
}

export interface ChallengeRow {
  id: string
  factor_id: string
  ip_address: string
  verified_at: Date | null
  age: number
}

/** GoTrue's MFA_FACTOR_EXPIRY_DURATION and MFA_CHALLENGE_EXPIRY_DURATION defaults (seconds). */
export const FACTOR_EXPIRY = 300
export const CHALLENGE_EXPIRY = 300

export async function ownedFactor(db: Db, userId: string, factorId: string): Promise<FactorRow | undefined> {
  const { rows } = await db.query<FactorRow>(
    'select id, user_id, friendly_name, factor_type, status, secret from auth.mfa_factors where id = $1 and user_id = $2',
    [factorId, userId],
  )
  return rows[0]
}

/** The user's factors, after dropping unverified ones that were never challenged and expired. */
export async function currentFactors(db: Db, userId: string): Promise<FactorRow[]> {
  await db.query(
    `delete from auth.mfa_factors f where f.user_id = $1 and f.status <> 'verified'
       and not exists (select 1 from auth.mfa_challenges c where c.factor_id = f.id)
       and f.created_at + $2 * interval '1 second' < now()`,
    [userId, FACTOR_EXPIRY],
  )
  const { rows } = await db.query<FactorRow>(
    'select id, user_id, friendly_name, factor_type, status, secret from auth.mfa_factors where user_id = $1',
    [userId],
  )
  return rows
}

export async function insertTotpFactor(db: Db, userId: string, friendlyName: string, secret: string) {
  const id = randomUUID()
  await db.query(
    `insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
     values ($1, $2, $3, 'totp', 'unverified', now(), now(), $4)`,
    [id, userId, friendlyName, secret],
  )
  return id
}

export async function createChallenge(db: Db, factorId: string, ip: string) {
  const id = randomUUID()
  const { rows } = await db.query<{ expires_at: number }>(
    `with c as (insert into auth.mfa_challenges (id, factor_id, created_at, ip_address) values ($1, $2, now(), $3) returning created_at)
     select extract(epoch from (select created_at from c))::bigint + $4 as expires_at`,
    [id, factorId, ip, CHALLENGE_EXPIRY],
  )
  await db.query('update auth.mfa_factors set last_challenged_at = now() where id = $1', [factorId])
  return { id, expiresAt: Number(rows[0]!.expires_at) }
}

export async function findChallenge(db: Db, factorId: string, challengeId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(challengeId)) return undefined
  const { rows } = await db.query<ChallengeRow>(
    `select id, factor_id, host(ip_address) as ip_address, verified_at,
            extract(epoch from (now() - created_at))::float8 as age
     from auth.mfa_challenges where id = $1 and factor_id = $2`,
    [challengeId, factorId],
  )
  return rows[0]
}

export async function deleteChallenge(db: Db, challengeId: string) {
  await db.query('delete from auth.mfa_challenges where id = $1', [challengeId])
}

/**
 * Marks the challenge verified with the TOTP time step its code belonged to (kept in
 * `otp_code`, which TOTP challenges leave empty in GoTrue), unless a code of this or a later
 * step was already accepted for the factor: then false, the code is a replay.
 */
export async function acceptStep(db: Db, factorId: string, challengeId: string, step: number) {
  const { rowCount } = await db.query(
    `update auth.mfa_challenges set verified_at = now(), otp_code = $3::text
     where id = $2 and verified_at is null
       and not exists (
         select 1 from auth.mfa_challenges u
         where u.factor_id = $1 and u.verified_at is not null and u.otp_code ~ '^[0-9]+$'
           and u.otp_code::bigint >= $3)`,
    [factorId, challengeId, step],
  )
  return (rowCount ?? 0) > 0
}

/** First successful verification: the factor counts, and other unverified ones of its type go. */
export async function markFactorVerified(db: Db, factor: FactorRow) {
  await db.query(`update auth.mfa_factors set status = 'verified', updated_at = now() where id = $1`, [
    factor.id,
  ])
  await db.query(
    `delete from auth.mfa_factors where user_id = $1 and status = 'unverified' and factor_type = $2 and id <> $3`,
    [factor.user_id, factor.factor_type, factor.id],
  )
}

/** Unenroll: the factor goes, and sessions it raised fall back to aal1 (GoTrue's downgrade). */
export async function deleteFactor(db: Db, factor: FactorRow) {
  await db.query(
    `delete from auth.mfa_amr_claims where authentication_method = $2
       and session_id in (select id from auth.sessions where factor_id = $1)`,
    [factor.id, factor.factor_type],
  )
  await db.query(
    `update auth.sessions set aal = 'aal1', factor_id = null, updated_at = now() where factor_id = $1`,
    [factor.id],
  )
  await db.query('delete from auth.mfa_factors where id = $1', [factor.id])
}
