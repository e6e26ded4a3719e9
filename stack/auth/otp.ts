// One-time tokens (email code + link token) for sign-up confirmation, magic link, recovery,
// invite, email change and reauthentication; and the emails that carry them.
import { createHash, randomInt, randomUUID } from 'node:crypto'
import type pg from 'pg'
import type { StackContext } from '../shared/service.ts'
import { otpExpired, overEmailSendRateLimit } from './errors.ts'
import { createGuessCounter } from './guesses.ts'
import { createRedirectPolicy } from './redirect.ts'
import { parseDuration } from './duration.ts'

export type VerifyType = 'signup' | 'invite' | 'magiclink' | 'recovery' | 'email_change' | 'email'
export type OtpType = VerifyType | 'reauthentication'

const TOKEN_KIND: Record<OtpType, string> = {
  signup: 'confirmation_token',
  invite: 'confirmation_token',
  email: 'recovery_token',
  magiclink: 'recovery_token',
  recovery: 'recovery_token',
  email_change: 'email_change_token_new',
  reauthentication: 'reauthentication_token',
}

// The user column GoTrue checks `max_frequency` against, per kind of email (invites: none).
const SENT_AT: Partial<Record<OtpType, string>> = {
  signup: 'confirmation_sent_at',
  email: 'recovery_sent_at',
  magiclink: 'recovery_sent_at',
  recovery: 'recovery_sent_at',
  email_change: 'email_change_sent_at',
  reauthentication: 'reauthentication_sent_at',
}

const SUBJECT: Record<OtpType, string> = {
  signup: 'Confirm Your Signup',
  invite: 'You have been invited',
  email: 'Your Magic Link',
  magiclink: 'Your Magic Link',
  recovery: 'Reset Your Password',
  email_change: 'Confirm Email Change',
  reauthentication: 'Confirm reauthentication',
}

const CODE_KINDS = [
  'confirmation_token',
  'recovery_token',
  'email_change_token_new',
  'reauthentication_token',
]

export const tokenHash = (email: string, otp: string) =>
  createHash('sha224')
    .update(email.toLowerCase() + otp)
    .digest('hex')

type Db = pg.Pool | pg.PoolClient

/** Every outstanding code mailed to `email` dies (used when its tries are used up). */
async function killCodes(db: Db, email: string): Promise<void> {
  await db.query(
    'delete from auth.one_time_tokens where relates_to = $1 and token_type = any($2::auth.one_time_token_type[])',
    [email.toLowerCase(), CODE_KINDS],
  )
}

export function createOtp(ctx: StackContext) {
  const cfg = ctx.config.auth
  const redirects = createRedirectPolicy(cfg.siteUrl, cfg.additionalRedirectUrls)
  const guesses = createGuessCounter({ ttlMs: cfg.email.otpExpiry * 1000 })
  const maxFrequencyMs = parseDuration(cfg.email.maxFrequency)

  /** GoTrue's max_frequency: one email of a kind per user per interval; stamps the send. */
  async function claimSendSlot(db: Db, userId: string, type: OtpType): Promise<void> {
    const column = SENT_AT[type]
    if (!column) return
    const { rows } = await db.query<{ claimed: boolean; wait: number }>(
      `with before as (select ${column} as sent from auth.users where id = $1),
            claimed as (
              update auth.users set ${column} = now()
              where id = $1 and (${column} is null or ${column} + $2 * interval '1 millisecond' <= now())
              returning 1)
       select exists (select 1 from claimed) as claimed,
              coalesce(extract(epoch from ((select sent from before) + $2 * interval '1 millisecond' - now())), 0)::float8 as wait`,
      [userId, maxFrequencyMs],
    )
    if (rows[0]?.claimed) return
    const seconds = Math.max(0, Math.trunc(Number(rows[0]?.wait ?? 0)))
    throw overEmailSendRateLimit(seconds)
  }

  async function issue(db: Db, userId: string, email: string, type: OtpType) {
    const otp = String(randomInt(0, 10 ** cfg.email.otpLength)).padStart(cfg.email.otpLength, '0')
    const hash = tokenHash(email, otp)
    const kind = TOKEN_KIND[type]
    await db.query('delete from auth.one_time_tokens where user_id = $1 and token_type = $2', [userId, kind])
    await db.query(
      `insert into auth.one_time_tokens (id, user_id, token_type, token_hash, relates_to) values ($1, $2, $3, $4, $5)`,
      [randomUUID(), userId, kind, hash, email.toLowerCase()],
    )
    guesses.reset(email)
    return { otp, hash }
  }

  function mailBody(type: OtpType, otp: string, link: string) {
    const subject = SUBJECT[type]
    const minutes = Math.round(cfg.email.otpExpiry / 60)
    if (type === 'reauthentication')
      return {
        subject,
        text: `${subject}\n\nYour code: ${otp}\n\nIt expires in ${minutes} minutes.`,
        html: `<h2>${subject}</h2><p>Your code: <strong>${otp}</strong></p>`,
      }
    return {
      subject,
      text: `${subject}\n\nYour code: ${otp}\n\nOr follow this link: ${link}\n\nIt expires in ${minutes} minutes.`,
      html: `<h2>${subject}</h2><p>Your code: <strong>${otp}</strong></p><p><a href="${link.replace(/&/g, '&amp;')}">Follow this link</a></p>`,
    }
  }

  /**
   * Counts a try at an address's codes; refuses it once the tries are used up. (The codes were
   * killed by the try that used the last one; no connection is taken here, so a flood of
   * guesses cannot hold the pool.)
   */
  function countTry(email: string): number {
    const left = guesses.take(email)
    if (left < 0) throw otpExpired()
    return left
  }

  return {
    redirects,
    /** An allowed redirect_to (or Referer), else site_url: GoTrue's GetReferrer. */
    redirectFor: (wanted: unknown, referer?: string) => redirects.pick(wanted, referer),

    /** Creates the token and mails the code and link; returns them (for generate_link). */
    async send(
      db: Db,
      user: { id: string; email: string },
      type: OtpType,
      redirectTo: unknown,
      opts: { mail?: boolean; referer?: string } = {},
    ) {
      const mail = opts.mail ?? true
      if (mail) await claimSendSlot(db, user.id, type)
      const { otp, hash } = await issue(db, user.id, user.email, type)
      const redirect = redirects.pick(redirectTo, opts.referer)
      const linkType = type === 'email' ? 'magiclink' : type
      const link = `${ctx.apiUrl}/auth/v1/verify?token=${hash}&type=${linkType}&redirect_to=${encodeURIComponent(redirect)}`
      if (mail) {
        const body = mailBody(type, otp, link)
        await ctx.mailer.send({
          from: 'Realtime Orders <no-reply@realtime-orders.local>',
          to: [user.email],
          ...body,
        })
      }
      return { otp, hash, link, redirect, verificationType: linkType }
    },

    /**
     * Consumes a token: by hash (link) or by email + code. Returns the user id it belongs to.
     * A used, replaced or expired token is refused with otp_expired; so is every code of an
     * address that used up its tries.
     */
    async consume(
      db: pg.PoolClient,
      type: VerifyType,
      by: { hash?: string; email?: string; otp?: string },
    ): Promise<{ userId: string; email: string }> {
      const guessing = !by.hash && by.email && by.otp ? by.email : undefined
      const hash = by.hash ?? (by.email && by.otp ? tokenHash(by.email, by.otp) : undefined)
      if (!hash) throw otpExpired()
      const left = guessing ? countTry(guessing) : Infinity
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
      if (!row) {
        // Outside the caller's transaction: a rollback must not bring the codes back.
        if (guessing && left === 0) await killCodes(ctx.adminPool, guessing)
        throw otpExpired()
      }
      if (Number(row.age) > cfg.email.otpExpiry) throw otpExpired()
      if (by.email && row.relates_to !== by.email.toLowerCase()) throw otpExpired()
      if (guessing) guesses.reset(guessing)
      return { userId: row.user_id, email: row.relates_to }
    },

    /** The reauthentication nonce (PUT /user): valid once, within otp_expiry. */
    async consumeNonce(db: Db, user: { id: string; email: string }, nonce: string): Promise<boolean> {
      const left = guesses.take(user.email)
      if (left < 0) return false
      const { rows } = await db.query<{ age: number }>(
        `delete from auth.one_time_tokens where user_id = $1 and token_type = 'reauthentication_token' and token_hash = $2
         returning extract(epoch from (now()::timestamp - created_at)) as age`,
        [user.id, tokenHash(user.email, nonce)],
      )
      if (!rows[0]) {
        if (left === 0) await killCodes(ctx.adminPool, user.email)
        return false
      }
      guesses.reset(user.email)
      return Number(rows[0].age) <= cfg.email.otpExpiry
    },
  }
}

export type Otp = ReturnType<typeof createOtp>
