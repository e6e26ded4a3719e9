// Auth settings this project keeps off, as a hosted project that turns them on gets them:
// anonymous sign-ins, secure password change (the reauthentication nonce), confirmations
// (email-change codes to resend), and TOTP enrolment switched off. A stack of its own.
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCustomStack, type CustomStack } from '../../support/custom-stack.ts'

let stack: CustomStack

beforeAll(async () => {
  stack = await startCustomStack({
    toml: {
      auth: {
        enable_anonymous_sign_ins: true,
        // double_confirm_changes off: the stack confirms an email change on the new address only.
        email: { secure_password_change: true, enable_confirmations: true, double_confirm_changes: false },
        mfa: { totp: { enroll_enabled: false } },
      },
    },
  })
}, 120_000)
afterAll(() => stack?.stop())

const unique = (p: string) => `${p}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
const codeIn = (text: string | null) => text!.match(/code: (\d{6})/)![1]!

async function mailTo(email: string, subject: string, since: Date): Promise<string> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const res = await fetch(`${stack.env.mailUrl}/api/messages?to=${encodeURIComponent(email)}`)
    const { messages } = (await res.json()) as {
      messages: Array<{ subject: string; text: string; created_at: string }>
    }
    const m = messages.find((x) => x.subject.includes(subject) && new Date(x.created_at) >= since)
    if (m) return m.text
    if (Date.now() > deadline) throw new Error(`no "${subject}" mail to ${email}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function confirmedUser() {
  const email = `${unique('opt')}@example.com`
  await stack
    .client('service_role')
    .auth.admin.createUser({ email, password: 'opt-pw-1', email_confirm: true })
  const c = stack.client()
  const { error } = await c.auth.signInWithPassword({ email, password: 'opt-pw-1' })
  if (error) throw error
  return { email, c }
}

describe('anonymous sign-ins (enable_anonymous_sign_ins = true)', () => {
  it('give an authenticated session marked anonymous, which may not enrol MFA factors', async () => {
    const c = stack.client()
    const { data, error } = await c.auth.signInAnonymously()
    expect(error).toBeNull()
    expect(data.user).toMatchObject({ is_anonymous: true, email: '' })
    const claims = decodeJwt(data.session!.access_token)
    expect(claims).toMatchObject({ role: 'authenticated', is_anonymous: true, aal: 'aal1' })
    expect(claims.amr).toMatchObject([{ method: 'anonymous' }])
    expect((await c.auth.mfa.enroll({ factorType: 'totp' })).error).toMatchObject({
      status: 403,
      code: 'no_authorization',
    })
  })
})

describe('secure_password_change = true', () => {
  it('a session older than a day changes the password only with the mailed nonce, once', async () => {
    const { email, c } = await confirmedUser()
    const sessionId = decodeJwt((await c.auth.getSession()).data.session!.access_token).session_id
    await stack.sql.query(`update auth.sessions set created_at = now() - interval '25 hours' where id = $1`, [
      sessionId,
    ])
    const without = await c.auth.updateUser({ password: 'opt-pw-2' })
    expect(without.error).toMatchObject({ status: 400, code: 'reauthentication_needed' })
    const since = new Date()
    expect((await c.auth.reauthenticate()).error).toBeNull()
    const nonce = codeIn(await mailTo(email, 'reauthentication', since))
    const wrong = await c.auth.updateUser({
      password: 'opt-pw-2',
      nonce: nonce === '000000' ? '111111' : '000000',
    })
    expect(wrong.error).toMatchObject({ status: 422, code: 'reauthentication_not_valid' })
    expect((await c.auth.updateUser({ password: 'opt-pw-2', nonce })).error).toBeNull()
    const reused = await c.auth.updateUser({ password: 'opt-pw-3', nonce })
    expect(reused.error).toMatchObject({ status: 422, code: 'reauthentication_not_valid' })
  })

  it('a session signed in within the day needs no nonce (GoTrue rule)', async () => {
    const { c } = await confirmedUser()
    expect((await c.auth.updateUser({ password: 'opt-pw-fresh' })).error).toBeNull()
  })
})

describe('email change codes (enable_confirmations = true)', () => {
  it('resend email_change mails the new address again after max_frequency', async () => {
    const { email, c } = await confirmedUser()
    const next = `${unique('new')}@example.com`
    let since = new Date()
    expect((await c.auth.updateUser({ email: next })).error).toBeNull()
    await mailTo(next, 'Email Change', since)
    const tooSoon = await stack.client().auth.resend({ type: 'email_change', email })
    expect(tooSoon.error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' })
    // Past max_frequency ("1s"), as if time went by.
    await stack.sql.query(
      `update auth.users set email_change_sent_at = now() - interval '2 seconds' where email = $1`,
      [email],
    )
    since = new Date()
    expect((await stack.client().auth.resend({ type: 'email_change', email })).error).toBeNull()
    const code = codeIn(await mailTo(next, 'Email Change', since))
    const { data, error } = await c.auth.verifyOtp({ email: next, token: code, type: 'email_change' })
    expect(error).toBeNull()
    expect(data.user?.email).toBe(next)
  })
})

describe('TOTP enrolment switched off', () => {
  it("answers GoTrue's error", async () => {
    const { c } = await confirmedUser()
    expect((await c.auth.mfa.enroll({ factorType: 'totp' })).error).toMatchObject({
      status: 422,
      code: 'mfa_totp_enroll_not_enabled',
      message: 'MFA enroll is disabled for TOTP',
    })
  })
})
