// Email links never hand a session to a host outside site_url / additional_redirect_urls:
// each attack asks for an email with a hostile redirect, follows the link from the mail sink,
// and checks where the 303 sends the browser (and its tokens).
import { describe, expect, it } from 'vitest'
import { anonClient, serviceClient, stackEnv, unique } from '../../support/clients.ts'
import { waitForMail } from '../../support/mail.ts'

const SITE = 'http://127.0.0.1:3000'
const ALLOWED_ORIGINS = new Set(['http://127.0.0.1:3000', 'http://localhost:3000'])

const ATTACKS: Record<string, string> = {
  'credentials before the attacker host': 'http://127.0.0.1:3000@attacker.example/x',
  'the site as a prefix of the attacker host': 'http://127.0.0.1:3000.attacker.example',
  'javascript:': 'javascript:alert(document.cookie)',
  'scheme-relative': '//attacker.example/x',
  'a backslash for the slashes': 'http:/\\attacker.example/x',
  'backslashes in the authority': 'http://attacker.example\\@127.0.0.1:3000/',
  'a percent-encoded @': 'http://127.0.0.1:3000%40attacker.example/',
  'percent-encoded host characters': 'http://%61ttacker.example/',
  'a decimal IP': 'http://2130706433:3000/',
}

const linkIn = (text: string | null) => text!.match(/(http\S+\/auth\/v1\/verify\S+)/)![1]!

/** Follows the emailed link as a browser would, without following the redirect. */
async function landing(link: string): Promise<URL> {
  const res = await fetch(link, { redirect: 'manual' })
  expect(res.status).toBe(303)
  return new URL(res.headers.get('location')!)
}

async function otpLinkFor(redirectTo: string, how: 'client' | 'body' = 'client') {
  const email = `${unique('redir')}@example.com`
  const since = new Date()
  if (how === 'client') {
    const { error } = await anonClient().auth.signInWithOtp({
      email,
      options: { emailRedirectTo: redirectTo },
    })
    expect(error).toBeNull()
  } else {
    // The exact request: redirect_to in the JSON body of POST /otp.
    const res = await fetch(`${stackEnv().apiUrl}/auth/v1/otp`, {
      method: 'POST',
      headers: { apikey: stackEnv().anonKey, 'content-type': 'application/json' },
      body: JSON.stringify({ email, redirect_to: redirectTo }),
    })
    expect(res.status).toBe(200)
  }
  return linkIn((await waitForMail({ to: email, since })).text)
}

describe('redirect_to is honoured only for allowed URLs', () => {
  it('an allowed redirect is followed, with the session in the fragment (positive control)', async () => {
    const to = await landing(await otpLinkFor('http://localhost:3000/orders?tab=open'))
    expect(to.origin + to.pathname + to.search).toBe('http://localhost:3000/orders?tab=open')
    expect(new URLSearchParams(to.hash.slice(1)).get('access_token')).toBeTruthy()
  })

  for (const [attack, url] of Object.entries(ATTACKS)) {
    it(`sign-in link: ${attack} lands on site_url`, async () => {
      const to = await landing(await otpLinkFor(url))
      expect(to.origin + to.pathname + to.search).toBe(`${SITE}/`)
      expect(ALLOWED_ORIGINS.has(to.origin)).toBe(true)
    })
  }

  it('redirect_to in the JSON body of POST /otp gets the same check', async () => {
    const to = await landing(await otpLinkFor(ATTACKS['credentials before the attacker host']!, 'body'))
    expect(to.origin + to.pathname + to.search).toBe(`${SITE}/`)
  })

  it('a link whose redirect_to was rewritten after sending still lands on an allowed host', async () => {
    const link = new URL(await otpLinkFor(`${SITE}/orders`))
    link.searchParams.set('redirect_to', 'https://attacker.example/steal')
    const to = await landing(link.href)
    expect(to.origin + to.pathname + to.search).toBe(`${SITE}/`)
    expect(new URLSearchParams(to.hash.slice(1)).get('access_token')).toBeTruthy()
  })

  it('recovery, invite and resend links get the same check', async () => {
    const hostile = ATTACKS['the site as a prefix of the attacker host']!
    const recoverEmail = `${unique('rec')}@example.com`
    await serviceClient().auth.admin.createUser({
      email: recoverEmail,
      password: 'pw-123456',
      email_confirm: true,
    })
    let since = new Date()
    await anonClient().auth.resetPasswordForEmail(recoverEmail, { redirectTo: hostile })
    const recovery = await landing(linkIn((await waitForMail({ to: recoverEmail, since })).text))

    const inviteEmail = `${unique('inv')}@example.com`
    since = new Date()
    await serviceClient().auth.admin.inviteUserByEmail(inviteEmail, { redirectTo: hostile })
    const invite = await landing(
      linkIn((await waitForMail({ to: inviteEmail, subject: 'invited', since })).text),
    )

    // An unconfirmed account asks for its confirmation email again.
    const resendEmail = `${unique('res')}@example.com`
    await serviceClient().auth.admin.createUser({ email: resendEmail, password: 'pw-123456' })
    since = new Date()
    const { error } = await anonClient().auth.resend({
      type: 'signup',
      email: resendEmail,
      options: { emailRedirectTo: hostile },
    })
    expect(error).toBeNull()
    const resent = await landing(linkIn((await waitForMail({ to: resendEmail, since })).text))

    for (const to of [recovery, invite, resent]) expect(to.origin + to.pathname + to.search).toBe(`${SITE}/`)
  })
})
