// One-time tokens (email code + link token) for sign-up confirmation, magic link, recovery,
// invite and email change; and the emails that carry them.
import { createHash, randomInt, randomUUID } from 'node:crypto'
import type pg from 'pg'
import type { StackContext } from '../shared/service.ts'
import { otpExpired } from './errors.ts'

export type VerifyType = 'signup' | 'invite' | 'magiclink' | 'recovery' | 'email_change' | 'email'

const TOKEN_KIND: Record<VerifyType, string> = {
  signup: 'confirmation_token',
  invite: 'confirmation_token',
  email: 'recovery_token',
  magiclink: 'recovery_token',
  recovery: 'recovery_token',
  email_change: 'email_change_token_new',
}

const SUBJECT: Record<VerifyType, string> = {
  signup: 'Confirm Your Signup',
  invite: 'You have been invited',
  email: 'Your Magic Link',
  magiclink: 'Your Magic Link',
  recovery: 'Reset Your Password',
  email_change: 'Confirm Email Change',
}

export const tokenHash = (email: string, otp: string) =>
  createHash('sha224')
    .update(email.toLowerCase() + otp)
    .digest('hex')

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .split('**')
    .map((part) => part.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '[^/]*'))
    .join('.*')
  return new RegExp('^' + escaped + '$')
}

export function createOtp(ctx: StackContext) {
  const cfg = ctx.config.auth

  /** redirect_to if site_url or an allowed redirect URL permits it, else site_url (GoTrue's rule). */
  function redirectFor(wanted: unknown): string {
    if (typeof wanted !== 'string' || !wanted) return cfg.siteUrl
    if (wanted.startsWith(cfg.siteUrl)) return wanted
    return cfg.additionalRedirectUrls.some((g) => globToRegExp(g).test(wanted)) ? wanted : cfg.siteUrl
  }

  async function issue(db: pg.Pool | pg.PoolClient, userId: string, email: string, type: VerifyType) {
    const otp = String(randomInt(0, 10 ** cfg.email.otpLength)).padStart(cfg.email.otpLength, '0')
    const hash = tokenHash(email, otp)
    const kind = TOKEN_KIND[type]
    await db.query('delete from auth.one_time_tokens where user_id = $1 and token_type = $2', [userId, kind])
    await db.query(
      `insert into auth.one_time_tokens (id, user_id, token_type, token_hash, relates_to) values ($1, $2, $3, $4, $5)`,
      [randomUUID(), userId, kind, hash, email.toLowerCase()],
    )
    return { otp, hash }
  }

  return {
    redirectFor,

    /** Creates the token and mails the code and link; returns them (for generate_link). */
    async send(
      db: pg.Pool | pg.PoolClient,
      user: { id: string; email: string },
      type: VerifyType,
      redirectTo: unknown,
      opts: { mail: boolean } = { mail: true },
    ) {
      const { otp, hash } = await issue(db, user.id, user.email, type)
      const redirect = redirectFor(redirectTo)
      const linkType = type === 'email' ? 'magiclink' : type
      const link = `${ctx.apiUrl}/auth/v1/verify?token=${hash}&type=${linkType}&redirect_to=${encodeURIComponent(redirect)}`
      if (opts.mail) {
        const subject = SUBJECT[type]
        await ctx.mailer.send({
          from: 'Realtime Orders <no-reply@realtime-orders.local>',
          to: [user.email],
          subject,
          text: `${subject}\n\nYour code: ${otp}\n\nOr follow this link: ${link}\n\nIt expires in ${Math.round(cfg.email.otpExpiry / 60)} minutes.`,
          html: `<h2>${subject}</h2><p>Your code: <strong>${otp}</strong></p><p><a href="${link.replace(/&/g, '&amp;')}">Follow this link</a></p>`,
        })
      }
      return { otp, hash, link, redirect, verificationType: linkType }
    },

    /**
     * Consumes a token: by hash (link) or by email + code. Returns the user id it belongs to.
     * A used, replaced or expired token is refused with otp_expired.
     */
    async consume(
      db: pg.PoolClient,
      type: VerifyType,
      by: { hash?: string; email?: string; otp?: string },
    ): Promise<{ userId: string; email: string }> {
      const hash = by.hash ?? (by.email && by.otp ? tokenHash(by.email, by.otp) : undefined)
      if (!hash) throw otpExpired()
      const kinds =
        type === 'email' || type === 'magiclink'
          ? ['recovery_token', 'confirmation_token']
          : [TOKEN_KIND[type]]
      const { rows } = await db.query<{ id: string; user_id: string; relates_to: string; age: number }>(
        `delete from auth.one_time_tokens where token_hash = $1 and token_type = any($2::auth.one_time_token_type[])
         returning id, user_id, relates_to, extract(epoch from (now()::timestamp - created_at)) as age`,
        [hash, kinds],
      )
      const row = rows[0]
      if (!row || Number(row.age) > cfg.email.otpExpiry) throw otpExpired()
      if (by.email && row.relates_to !== by.email.toLowerCase()) throw otpExpired()
      return { userId: row.user_id, email: row.relates_to }
    },
  }
}

export type Otp = ReturnType<typeof createOtp>
