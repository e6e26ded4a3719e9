// TOTP multi-factor authentication through supabase-js's auth.mfa API, codes computed by the
// otpauth library as an authenticator app would.
import type { SupabaseClient } from '@supabase/supabase-js'
import { decodeJwt } from 'jose'
import { Secret, TOTP } from 'otpauth'
import { describe, expect, it } from 'vitest'
import { anonClient, serviceClient, signedInClient, sql, unique } from '../../support/clients.ts'

const codeFor = (secret: string, offsetSeconds = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + offsetSeconds * 1000 })

async function newUser() {
  const email = `${unique('mfa')}@example.com`
  const password = 'mfa-password-1'
  const { error } = await serviceClient().auth.admin.createUser({ email, password, email_confirm: true })
  if (error) throw error
  return { email, password, client: await signedInClient(email, password) }
}

async function enrolled(c: SupabaseClient, friendlyName?: string) {
  const { data, error } = await c.auth.mfa.enroll({ factorType: 'totp', friendlyName })
  if (error) throw error
  return data
}

async function verified(c: SupabaseClient, offsetSeconds = 0) {
  const factor = await enrolled(c)
  const { error } = await c.auth.mfa.challengeAndVerify({
    factorId: factor.id,
    code: codeFor(factor.totp.secret, offsetSeconds),
  })
  if (error) throw error
  return factor
}

const aalOf = async (c: SupabaseClient) => decodeJwt((await c.auth.getSession()).data.session!.access_token)

describe('TOTP factors', () => {
  it('enrol returns the secret, an otpauth URI and an SVG QR code; the factor is listed unverified', async () => {
    const { client, email } = await newUser()
    const factor = await enrolled(client, 'phone app')
    expect(factor).toMatchObject({ type: 'totp', friendly_name: 'phone app' })
    expect(factor.totp.secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(factor.totp.qr_code).toMatch(/^data:image\/svg\+xml;utf-8,<svg/)
    const uri = new URL(factor.totp.uri)
    expect(uri.searchParams.get('secret')).toBe(factor.totp.secret)
    expect(uri.searchParams.get('issuer')).toBe('127.0.0.1:3000')
    expect(decodeURIComponent(uri.pathname)).toContain(email)
    const { data } = await client.auth.mfa.listFactors()
    expect(data?.all).toMatchObject([{ id: factor.id, status: 'unverified', factor_type: 'totp' }])
    expect(data?.totp).toEqual([])
  })

  it('challenge + verify raises the session to aal2 with totp in amr; refresh keeps aal2', async () => {
    const { client } = await newUser()
    expect((await aalOf(client)).aal).toBe('aal1')
    const factor = await verified(client)
    const claims = await aalOf(client)
    expect(claims.aal).toBe('aal2')
    expect((claims.amr as Array<{ method: string }>).map((a) => a.method)).toEqual(['totp', 'password'])
    const { data: level } = await client.auth.mfa.getAuthenticatorAssuranceLevel()
    expect(level).toMatchObject({ currentLevel: 'aal2', nextLevel: 'aal2' })
    expect((await client.auth.mfa.listFactors()).data?.totp).toMatchObject([
      { id: factor.id, status: 'verified' },
    ])
    const { data: refreshed, error } = await client.auth.refreshSession()
    expect(error).toBeNull()
    expect(decodeJwt(refreshed.session!.access_token).aal).toBe('aal2')
  })

  it('a wrong code, a replayed code and a reused challenge are refused', async () => {
    const { client } = await newUser()
    const factor = await enrolled(client)
    const challenge = async () => (await client.auth.mfa.challenge({ factorId: factor.id })).data!.id
    const wrong = await client.auth.mfa.verify({
      factorId: factor.id,
      challengeId: await challenge(),
      code: '000000',
    })
    expect(wrong.error).toMatchObject({
      status: 422,
      code: 'mfa_verification_failed',
      message: 'Invalid TOTP code entered',
    })
    const code = codeFor(factor.totp.secret)
    const first = await challenge()
    expect((await client.auth.mfa.verify({ factorId: factor.id, challengeId: first, code })).error).toBeNull()
    const replay = await client.auth.mfa.verify({ factorId: factor.id, challengeId: await challenge(), code })
    expect(replay.error).toMatchObject({ status: 422, code: 'mfa_verification_failed' })
    const reused = await client.auth.mfa.verify({
      factorId: factor.id,
      challengeId: first,
      code: codeFor(factor.totp.secret, 30),
    })
    expect(reused.error).toMatchObject({ status: 422, code: 'mfa_ip_address_mismatch' })
  })

  it("an expired challenge is refused with GoTrue's error", async () => {
    const { client } = await newUser()
    const factor = await enrolled(client)
    const { data } = await client.auth.mfa.challenge({ factorId: factor.id })
    await sql().query(
      `update auth.mfa_challenges set created_at = now() - interval '10 minutes' where id = $1`,
      [data!.id],
    )
    const { error } = await client.auth.mfa.verify({
      factorId: factor.id,
      challengeId: data!.id,
      code: codeFor(factor.totp.secret),
    })
    expect(error).toMatchObject({ status: 422, code: 'mfa_challenge_expired' })
  })

  it('with a verified factor, an aal1 session can neither unenrol it nor enrol another; at aal2 it can', async () => {
    const { client, email, password } = await newUser()
    const factor = await verified(client)
    const aal1 = await signedInClient(email, password)
    expect((await aal1.auth.mfa.getAuthenticatorAssuranceLevel()).data).toMatchObject({
      currentLevel: 'aal1',
      nextLevel: 'aal2',
    })
    const unenroll = await aal1.auth.mfa.unenroll({ factorId: factor.id })
    expect(unenroll.error).toMatchObject({
      status: 422,
      code: 'insufficient_aal',
      message: 'AAL2 required to unenroll verified factor',
    })
    const another = await aal1.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'second' })
    expect(another.error).toMatchObject({ status: 403, code: 'insufficient_aal' })
    const { error: verifyError } = await aal1.auth.mfa.challengeAndVerify({
      factorId: factor.id,
      code: codeFor(factor.totp.secret, 30),
    })
    expect(verifyError).toBeNull()
    expect((await aal1.auth.mfa.unenroll({ factorId: factor.id })).error).toBeNull()
    const { data: refreshed } = await aal1.auth.refreshSession()
    expect(decodeJwt(refreshed.session!.access_token).aal).toBe('aal1')
    expect((await aal1.auth.mfa.listFactors()).data?.all).toEqual([])
  })

  it("reaching aal2 ends the user's other sessions still at aal1", async () => {
    const { client, email, password } = await newUser()
    const other = await signedInClient(email, password)
    await verified(client)
    const { error } = await other.auth.refreshSession()
    expect(error).toMatchObject({ code: 'refresh_token_not_found' })
    expect((await client.auth.getUser()).error).toBeNull()
  })

  it("another user's factor is not found; phone, webauthn and unknown types answer GoTrue's errors", async () => {
    const owner = await newUser()
    const factor = await enrolled(owner.client)
    const { client } = await newUser()
    expect((await client.auth.mfa.challenge({ factorId: factor.id })).error).toMatchObject({
      status: 404,
      code: 'mfa_factor_not_found',
    })
    expect(
      (await client.auth.mfa.enroll({ factorType: 'phone', phone: '+15555550100' })).error,
    ).toMatchObject({
      status: 422,
      code: 'mfa_phone_enroll_not_enabled',
    })
    expect((await client.auth.mfa.enroll({ factorType: 'webauthn' })).error).toMatchObject({
      status: 422,
      code: 'mfa_webauthn_enroll_not_enabled',
    })
    expect((await client.auth.mfa.enroll({ factorType: 'sms' as 'totp' })).error).toMatchObject({
      status: 400,
      code: 'validation_failed',
    })
    const dup = await enrolled(client, 'laptop')
    expect(dup.friendly_name).toBe('laptop')
    expect(
      (await client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'laptop' })).error,
    ).toMatchObject({
      status: 422,
      code: 'mfa_factor_name_conflict',
    })
  })

  it("the admin API lists and deletes a user's factors; the session falls back to aal1", async () => {
    const { client } = await newUser()
    const factor = await verified(client)
    const userId = (await client.auth.getUser()).data.user!.id
    const admin = serviceClient().auth.admin.mfa
    const { data: listed } = await admin.listFactors({ userId })
    expect(listed?.factors).toMatchObject([{ id: factor.id, status: 'verified', factor_type: 'totp' }])
    const { data: deleted, error } = await admin.deleteFactor({ userId, id: factor.id })
    expect(error).toBeNull()
    expect(deleted).toMatchObject({ data: { id: factor.id } }) // auth-js wraps this body once more
    expect((await admin.listFactors({ userId })).data?.factors).toEqual([])
    const { data: refreshed } = await client.auth.refreshSession()
    expect(decodeJwt(refreshed.session!.access_token).aal).toBe('aal1')
  })

  it('a signed-out client gets no factors endpoint', async () => {
    const res = await anonClient().auth.mfa.enroll({ factorType: 'totp' })
    expect(res.error).not.toBeNull()
  })
})
