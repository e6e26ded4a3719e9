// Email OTP, magic link, recovery and invite: the code or link is read from the mail sink.
import { describe, expect, it } from 'vitest'
import { anonClient, sql, unique } from '../../support/clients.ts'
import { waitForMail } from '../../support/mail.ts'
import { serviceClient } from '../../support/clients.ts'

const codeIn = (text: string | null) => text!.match(/code: (\d{6})/)![1]!
const linkIn = (text: string | null) => text!.match(/(http\S+\/auth\/v1\/verify\S+)/)![1]!

async function existingUser() {
  const email = `${unique('otp')}@example.com`
  await anonClient().auth.signUp({ email, password: 'some-password-1' })
  return email
}

describe('auth: email one-time codes and links', () => {
  it('signs in with the emailed code; the code cannot be used twice', async () => {
    const email = await existingUser()
    const since = new Date()
    expect((await anonClient().auth.signInWithOtp({ email })).error).toBeNull()
    const mail = await waitForMail({ to: email, subject: 'Magic Link', since })
    expect(mail.source).toBe('auth')
    const token = codeIn(mail.text)
    const c = anonClient()
    const { data, error } = await c.auth.verifyOtp({ email, token, type: 'email' })
    expect(error).toBeNull()
    expect(data.session?.user.email).toBe(email)
    const again = await anonClient().auth.verifyOtp({ email, token, type: 'email' })
    expect(again.error).toMatchObject({ status: 403, code: 'otp_expired' })
  })

  it('refuses an expired code', async () => {
    const email = await existingUser()
    const since = new Date()
    await anonClient().auth.signInWithOtp({ email })
    const token = codeIn((await waitForMail({ to: email, since })).text)
    await sql().query(
      "update auth.one_time_tokens set created_at = now() - interval '2 hours' where relates_to = $1",
      [email],
    )
    const { error } = await anonClient().auth.verifyOtp({ email, token, type: 'email' })
    expect(error).toMatchObject({ status: 403, code: 'otp_expired' })
  })

  it('the magic link redirects to an allowed URL with the session in the fragment', async () => {
    const email = await existingUser()
    const since = new Date()
    await anonClient().auth.signInWithOtp({
      email,
      options: { emailRedirectTo: 'http://127.0.0.1:3000/orders' },
    })
    const link = linkIn((await waitForMail({ to: email, since })).text)
    const res = await fetch(link, { redirect: 'manual' })
    expect(res.status).toBe(303)
    const location = new URL(res.headers.get('location')!)
    expect(location.origin + location.pathname).toBe('http://127.0.0.1:3000/orders')
    const fragment = new URLSearchParams(location.hash.slice(1))
    expect(fragment.get('type')).toBe('magiclink')
    const { data } = await anonClient().auth.getUser(fragment.get('access_token')!)
    expect(data.user?.email).toBe(email)
    const reused = new URL((await fetch(link, { redirect: 'manual' })).headers.get('location')!)
    expect(new URLSearchParams(reused.hash.slice(1)).get('error_code')).toBe('otp_expired')
  })

  it('sends a redirect to a URL that is not allowed back to site_url', async () => {
    const email = await existingUser()
    const since = new Date()
    await anonClient().auth.signInWithOtp({
      email,
      options: { emailRedirectTo: 'https://evil.example.net/' },
    })
    const link = linkIn((await waitForMail({ to: email, since })).text)
    expect(decodeURIComponent(link)).toContain('redirect_to=http://127.0.0.1:3000')
  })

  it('password recovery: the emailed code signs in and the password can be changed', async () => {
    const email = await existingUser()
    const since = new Date()
    expect((await anonClient().auth.resetPasswordForEmail(email)).error).toBeNull()
    const token = codeIn((await waitForMail({ to: email, subject: 'Reset', since })).text)
    const c = anonClient()
    expect((await c.auth.verifyOtp({ email, token, type: 'recovery' })).error).toBeNull()
    expect((await c.auth.updateUser({ password: 'brand-new-pass' })).error).toBeNull()
    expect(
      (await anonClient().auth.signInWithPassword({ email, password: 'brand-new-pass' })).error,
    ).toBeNull()
  })

  it('recovery for an unknown address answers the same and sends nothing', async () => {
    const email = `${unique('ghost')}@example.com`
    expect((await anonClient().auth.resetPasswordForEmail(email)).error).toBeNull()
    await expect(waitForMail({ to: email, timeoutMs: 500 })).rejects.toThrow(/no mail/)
  })

  it('an invited user follows the emailed code and sets a password', async () => {
    const email = `${unique('inv')}@example.com`
    const since = new Date()
    const { data, error } = await serviceClient().auth.admin.inviteUserByEmail(email)
    expect(error).toBeNull()
    expect(data.user?.invited_at).toBeTruthy()
    const token = codeIn((await waitForMail({ to: email, subject: 'invited', since })).text)
    const c = anonClient()
    expect((await c.auth.verifyOtp({ email, token, type: 'invite' })).error).toBeNull()
    expect((await c.auth.updateUser({ password: 'invited-pass-1' })).error).toBeNull()
    expect(
      (await anonClient().auth.signInWithPassword({ email, password: 'invited-pass-1' })).error,
    ).toBeNull()
  })
})
