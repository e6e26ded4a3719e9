// Sessions, refresh-token rotation with GoTrue's reuse rules, and the access token.
import { randomBytes, randomUUID } from 'node:crypto'
import type pg from 'pg'
import type { StackContext } from '../shared/service.ts'
import { transaction } from '../shared/transaction.ts'
import { refreshTokenAlreadyUsed, refreshTokenNotFound, userBanned } from './errors.ts'
import { findUserById, userJson, type UserRow } from './user-queries.ts'

type Db = pg.Pool | pg.PoolClient

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
function newRefreshToken(): string {
  return [...randomBytes(12)].map((b) => ALPHABET[b % ALPHABET.length]).join('')
}

export type AmrMethod =
  'password' | 'otp' | 'magiclink' | 'recovery' | 'invite' | 'email/signup' | 'anonymous' | 'totp'

/** Methods that are a second factor: a session holding one is at aal2 (GoTrue's rule). */
const SECOND_FACTORS = new Set(['totp', 'mfa/phone', 'mfa/webauthn'])

export interface Session {
  access_token: string
  token_type: 'bearer'
  expires_in: number
  expires_at: number
  refresh_token: string
  user: Record<string, unknown>
}

interface RefreshRow {
  id: string
  token: string
  revoked: boolean
  session_id: string
  user_id: string
  updated_at: Date
}

export function createSessions(ctx: StackContext) {
  const db = ctx.adminPool
  const cfg = ctx.config.auth

  async function accessToken(
    user: UserRow,
    sessionId: string,
  ): Promise<{ token: string; expiresAt: number }> {
    // Most recent method first, as GoTrue orders `amr`.
    const { rows } = await db.query<{ authentication_method: string; at: number }>(
      'select authentication_method, extract(epoch from created_at)::bigint as at from auth.mfa_amr_claims where session_id = $1 order by created_at desc',
      [sessionId],
    )
    const aal = rows.some((r) => SECOND_FACTORS.has(r.authentication_method)) ? 'aal2' : 'aal1'
    const claims = {
      iss: `${ctx.apiUrl}/auth/v1`,
      aud: user.aud || 'authenticated',
      sub: user.id,
      email: user.email ?? '',
      phone: user.phone ?? '',
      app_metadata: user.raw_app_meta_data ?? {},
      user_metadata: user.raw_user_meta_data ?? {},
      role: user.role || 'authenticated',
      aal,
      amr: rows.map((r) => ({ method: r.authentication_method, timestamp: Number(r.at) })),
      session_id: sessionId,
      is_anonymous: user.is_anonymous,
    }
    const token = await ctx.verifier.sign(claims, cfg.jwtExpiry)
    return { token, expiresAt: Math.floor(Date.now() / 1000) + cfg.jwtExpiry }
  }

  async function respond(user: UserRow, sessionId: string, refreshToken: string): Promise<Session> {
    const { token, expiresAt } = await accessToken(user, sessionId)
    return {
      access_token: token,
      token_type: 'bearer',
      expires_in: cfg.jwtExpiry,
      expires_at: expiresAt,
      refresh_token: refreshToken,
      user: await userJson(db, user),
    }
  }

  async function issueRefresh(
    c: Db,
    user: UserRow,
    sessionId: string,
    parent: string | null,
  ): Promise<string> {
    const token = newRefreshToken()
    await c.query(
      `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
       values ('00000000-0000-0000-0000-000000000000', $1, $2, false, now(), now(), $3, $4)`,
      [token, user.id, parent, sessionId],
    )
    return token
  }

  return {
    /**
     * Signs a user in: a new session, how it was opened (amr) and its first refresh token, in
     * one transaction as GoTrue does (database triggers see the whole sign-in at commit).
     */
    async create(
      user: UserRow,
      method: AmrMethod,
      meta: { userAgent?: string; ip?: string },
    ): Promise<Session> {
      const sessionId = randomUUID()
      const refresh = await transaction(db, async (c) => {
        await c.query(
          `insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip, refreshed_at)
           values ($1, $2, now(), now(), 'aal1', $3, $4, now())`,
          [sessionId, user.id, meta.userAgent ?? null, meta.ip ?? null],
        )
        await c.query(
          `insert into auth.mfa_amr_claims (session_id, created_at, updated_at, authentication_method, id) values ($1, now(), now(), $2, $3)`,
          [sessionId, method, randomUUID()],
        )
        await c.query('update auth.users set last_sign_in_at = now() where id = $1', [user.id])
        return issueRefresh(c, user, sessionId, null)
      })
      return respond((await findUserById(db, user.id))!, sessionId, refresh)
    },

    /** grant_type=refresh_token: rotation, the reuse interval, and reuse detection. */
    async refresh(token: string): Promise<Session> {
      const out = await transaction(db, async (c) => {
        const { rows } = await c.query<RefreshRow>(
          'select * from auth.refresh_tokens where token = $1 for update',
          [token],
        )
        const row = rows[0]
        if (!row || !row.session_id) throw refreshTokenNotFound()
        const session = await c.query('select 1 from auth.sessions where id = $1', [row.session_id])
        if (!session.rowCount) throw refreshTokenNotFound()
        const user = await findUserById(c, row.user_id)
        if (!user) throw refreshTokenNotFound()
        if (user.banned_until && user.banned_until > new Date()) throw userBanned()
        let next: string
        if (row.revoked && cfg.enableRefreshTokenRotation) {
          const age = (Date.now() - row.updated_at.getTime()) / 1000
          const child = await c.query<RefreshRow>(
            'select * from auth.refresh_tokens where parent = $1 and revoked = false order by id desc limit 1',
            [row.token],
          )
          if (age > cfg.refreshTokenReuseInterval || !child.rows[0]) {
            // A rotated-out token came back: treat the session as stolen and end it (committed).
            await c.query('delete from auth.sessions where id = $1', [row.session_id])
            return 'reused' as const
          }
          next = child.rows[0].token
        } else {
          await c.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1', [
            row.id,
          ])
          next = await issueRefresh(c, user, row.session_id, row.token)
        }
        await c.query('update auth.sessions set refreshed_at = now(), updated_at = now() where id = $1', [
          row.session_id,
        ])
        return { user, sessionId: row.session_id, next }
      })
      if (out === 'reused') throw refreshTokenAlreadyUsed()
      return respond(out.user, out.sessionId, out.next)
    },

    /**
     * A second factor was verified in this session (GoTrue's updateMFASessionAndClaims): the
     * session moves to aal2 with the method in `amr`, gets a fresh refresh token, and the
     * user's sessions still at aal1 end.
     */
    async raiseToAal2(
      user: UserRow,
      sessionId: string,
      factorId: string,
      method: AmrMethod,
    ): Promise<Session> {
      const refresh = await transaction(db, async (c) => {
        await c.query(
          `update auth.sessions set aal = 'aal2', factor_id = $2, updated_at = now() where id = $1`,
          [sessionId, factorId],
        )
        await c.query(
          `insert into auth.mfa_amr_claims (session_id, created_at, updated_at, authentication_method, id)
         values ($1, now(), now(), $2, $3)
         on conflict (session_id, authentication_method) do update set created_at = now(), updated_at = now()`,
          [sessionId, method, randomUUID()],
        )
        await c.query(
          `delete from auth.sessions where user_id = $1 and id <> $2 and (aal is null or aal < 'aal2')`,
          [user.id, sessionId],
        )
        // Swap the session's current refresh token, as a refresh would.
        const current = await c.query<{ token: string }>(
          `update auth.refresh_tokens set revoked = true, updated_at = now()
         where id = (select max(id) from auth.refresh_tokens where session_id = $1 and not revoked) returning token`,
          [sessionId],
        )
        return issueRefresh(c, user, sessionId, current.rows[0]?.token ?? null)
      })
      return respond(user, sessionId, refresh)
    },

    /** The session's row, if it still exists (signed-out sessions are deleted). */
    async find(sessionId: unknown): Promise<{ id: string; aal: string; created_at: Date } | undefined> {
      if (typeof sessionId !== 'string' || !/^[0-9a-f-]{36}$/i.test(sessionId)) return undefined
      const { rows } = await db.query<{ id: string; aal: string; created_at: Date }>(
        `select id, coalesce(aal::text, 'aal1') as aal, created_at from auth.sessions where id = $1`,
        [sessionId],
      )
      return rows[0]
    },

    async exists(sessionId: unknown): Promise<boolean> {
      if (typeof sessionId !== 'string' || !/^[0-9a-f-]{36}$/i.test(sessionId)) return false
      return ((await db.query('select 1 from auth.sessions where id = $1', [sessionId])).rowCount ?? 0) > 0
    },

    async revoke(userId: string, sessionId: string, scope: 'global' | 'local' | 'others'): Promise<void> {
      if (scope === 'local') await db.query('delete from auth.sessions where id = $1', [sessionId])
      else if (scope === 'others')
        await db.query('delete from auth.sessions where user_id = $1 and id <> $2', [userId, sessionId])
      else await db.query('delete from auth.sessions where user_id = $1', [userId])
    },
  }
}

export type Sessions = ReturnType<typeof createSessions>
