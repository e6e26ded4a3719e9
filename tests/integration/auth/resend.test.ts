// resend and reauthenticate through supabase-js, codes read from the mail sink; anonymous
// sign-ins refused as this project's config.toml has them off.
import { describe, expect, it } from 'vitest'
import { anonClient, serviceClient, signedInClient, unique } from '../../support/clients.ts'
import { listMail, waitForMail } from '../../support/mail.ts'

const codeIn = (text: string | null) => text!.match(/code: (\d{6})/)![1]!
const FREQUENCY = /^For security purposes, you can only request this after \d+ seconds\.$/

async function unconfirmed() {
  const email = `${unique('resend')}@example.com`
  const { error } = await serviceClient().auth.admin.createUser({ email, password: 'resend-pw-1' })
  if (error) throw error
  return email
}

describe('resend', () => {
  it('mails the sign-up confirmation again; its code confirms the address', async () => {
    const email = await unconfirmed()
    const since = new Date()
    expect((await anonClient().auth.resend({ type: 'signup', email })).error).toBeNull()
    const mail = await waitForMail({ to: email, subject: 'Confirm Your Signup', since })
    const { data, error } = await anonClient().auth.verifyOtp({
      email,
      token: codeIn(mail.text),
      type: 'signup',
    })
    expect(error).toBeNull()
    expect(data.user?.email_confirmed_at).toBeTruthy()
  })

  it('at most one email per max_frequency: a second resend at once is refused with 429', async () => {
    const email = await unconfirmed()
    expect((await anonClient().auth.resend({ type: 'signup', email })).error).toBeNull()
    const { error } = await anonClient().auth.resend({ type: 'signup', email })
    expect(error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' })
    expect(error?.message).toMatch(FREQUENCY)
    expect(await listMail(email)).toHaveLength(1)
  })

  it('sends nothing for a confirmed address or an unknown one, answering the same', async () => {
    const confirmed = `${unique('done')}@example.com`
    await serviceClient().auth.admin.createUser({
      email: confirmed,
      password: 'resend-pw-1',
      email_confirm: true,
    })
    const unknown = `${unique('ghost')}@example.com`
    const control = await unconfirmed()
    for (const email of [confirmed, unknown, control])
      expect((await anonClient().auth.resend({ type: 'signup', email })).error).toBeNull()
    await waitForMail({ to: control })
    expect(await listMail(confirmed)).toEqual([])
    expect(await listMail(unknown)).toEqual([])
  })

  it("answers GoTrue's errors for a missing type and for phone types", async () => {
    const bad = await anonClient().auth.resend({ type: 'magiclink' as 'signup', email: 'a@example.com' })
    expect(bad.error).toMatchObject({
      status: 400,
      code: 'validation_failed',
      message: 'Missing one of these types: signup, email_change, sms, phone_change',
    })
    const sms = await anonClient().auth.resend({ type: 'sms', phone: '+15555550100' })
    expect(sms.error).toMatchObject({ status: 400, code: 'phone_provider_disabled' })
  })

  it('sign-in codes: asking again within max_frequency is refused (the "send the code again" cooldown)', async () => {
    const email = `${unique('again')}@example.com`
    await serviceClient().auth.admin.createUser({ email, password: 'again-pw-1', email_confirm: true })
    expect((await anonClient().auth.signInWithOtp({ email })).error).toBeNull()
    const again = await anonClient().auth.signInWithOtp({ email })
    expect(again.error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' })
    expect(again.error?.message).toMatch(FREQUENCY)
  })
})

describe('reauthenticate', () => {
  it('mails a code to the signed-in user; without secure_password_change a password change needs none', async () => {
    const email = `${unique('reauth')}@example.com`
    await serviceClient().auth.admin.createUser({ email, password: 'reauth-pw-1', email_confirm: true })
    const c = await signedInClient(email, 'reauth-pw-1')
    const since = new Date()
    expect((await c.auth.reauthenticate()).error).toBeNull()
    const mail = await waitForMail({ to: email, subject: 'reauthentication', since })
    expect(codeIn(mail.text)).toMatch(/^\d{6}$/)
    expect((await c.auth.updateUser({ password: 'reauth-pw-2' })).error).toBeNull()
    const same = await c.auth.updateUser({ password: 'reauth-pw-2' })
    expect(same.error).toMatchObject({ status: 422, code: 'same_password' })
  })

  it('needs a session', async () => {
    const { error } = await anonClient().auth.reauthenticate()
    expect(error).not.toBeNull()
  })
})

describe('anonymous sign-ins (off in this project)', () => {
  it("answer GoTrue's error", async () => {
    const { data, error } = await anonClient().auth.signInAnonymously()
    expect(error).toMatchObject({
      status: 422,
      code: 'anonymous_provider_disabled',
      message: 'Anonymous sign-ins are disabled',
    })
    expect(data.session).toBeNull()
  })
})
