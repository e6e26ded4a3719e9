// A 6-digit emailed code cannot be guessed: after 5 tries at an address's codes, they die,
// the right one included, the emailed link too; a fresh code starts the count again.
import { describe, expect, it } from 'vitest'
import { anonClient, serviceClient, unique } from '../../support/clients.ts'
import { waitForMail } from '../../support/mail.ts'

const codeIn = (text: string | null) => text!.match(/code: (\d{6})/)![1]!
const linkIn = (text: string | null) => text!.match(/(http\S+\/auth\/v1\/verify\S+)/)![1]!

async function userWithCode() {
  const email = `${unique('guess')}@example.com`
  await serviceClient().auth.admin.createUser({ email, password: 'guess-pw-1', email_confirm: true })
  const since = new Date()
  expect(
    (await anonClient().auth.signInWithOtp({ email, options: { shouldCreateUser: false } })).error,
  ).toBeNull()
  const mail = await waitForMail({ to: email, since })
  return { email, code: codeIn(mail.text), link: linkIn(mail.text) }
}

const wrong = (code: string, i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0')
const verify = (email: string, token: string) => anonClient().auth.verifyOtp({ email, token, type: 'email' })

describe('guessing an emailed code', () => {
  it('after 5 wrong codes the right one is refused, while 4 wrong codes still leave it usable', async () => {
    const victim = await userWithCode()
    const control = await userWithCode()
    for (let i = 0; i < 5; i++) {
      expect((await verify(victim.email, wrong(victim.code, i))).error).toMatchObject({
        status: 403,
        code: 'otp_expired',
      })
    }
    for (let i = 0; i < 4; i++) await verify(control.email, wrong(control.code, i))
    const refused = await verify(victim.email, victim.code)
    expect(refused.error).toMatchObject({
      status: 403,
      code: 'otp_expired',
      message: 'Token has expired or is invalid',
    })
    expect(refused.data.session).toBeNull()
    const accepted = await verify(control.email, control.code)
    expect(accepted.error).toBeNull()
    expect(accepted.data.session?.user.email).toBe(control.email)
  })

  it('the emailed link of a code killed by guesses no longer signs in', async () => {
    const victim = await userWithCode()
    for (let i = 0; i < 5; i++) await verify(victim.email, wrong(victim.code, i))
    const res = await fetch(victim.link, { redirect: 'manual' })
    const fragment = new URLSearchParams(new URL(res.headers.get('location')!).hash.slice(1))
    expect(fragment.get('error_code')).toBe('otp_expired')
    expect(fragment.get('access_token')).toBeNull()
  })

  it('guesses sent all at once count too: after 30 parallel wrong codes the right one is refused', async () => {
    const victim = await userWithCode()
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => verify(victim.email, wrong(victim.code, i))),
    )
    expect(results.every((r) => r.error?.code === 'otp_expired')).toBe(true)
    expect((await verify(victim.email, victim.code)).error).toMatchObject({ code: 'otp_expired' })
  })

  it('a new code gives its owner fresh tries', async () => {
    const victim = await userWithCode()
    for (let i = 0; i < 5; i++) await verify(victim.email, wrong(victim.code, i))
    // A new code for the same address (here from the admin API, which mails nothing).
    const { data, error } = await serviceClient().auth.admin.generateLink({
      type: 'magiclink',
      email: victim.email,
    })
    expect(error).toBeNull()
    const fresh = data.properties!.email_otp
    expect((await verify(victim.email, fresh)).error).toBeNull()
  })
})
