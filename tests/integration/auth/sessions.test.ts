// Sign-up, sign-in, refresh, sign-out through the real supabase-js.
import { describe, expect, it } from 'vitest'
import { decodeJwt } from 'jose'
import { anonClient, sql, stackEnv, unique } from '../../support/clients.ts'

const password = 'correct-horse-9'

async function signUp() {
  const email = `${unique('u')}@example.com`
  const c = anonClient()
  const { data, error } = await c.auth.signUp({ email, password, options: { data: { name: 'Ann' } } })
  expect(error).toBeNull()
  return { c, email, session: data.session!, user: data.user! }
}

describe('auth: sessions through supabase-js', () => {
  it('signs up (confirmations off) with a session whose token carries GoTrue claims', async () => {
    const { email, session, user } = await signUp()
    expect(user.email).toBe(email)
    expect(user.user_metadata).toMatchObject({ name: 'Ann' })
    expect(user.app_metadata).toEqual({ provider: 'email', providers: ['email'] })
    expect(session.token_type).toBe('bearer')
    const claims = decodeJwt(session.access_token)
    expect(claims).toMatchObject({
      iss: `${stackEnv().apiUrl}/auth/v1`,
      aud: 'authenticated',
      sub: user.id,
      email,
      role: 'authenticated',
      aal: 'aal1',
      is_anonymous: false,
    })
    expect(claims.exp! - claims.iat!).toBe(3600)
    expect(typeof claims.session_id).toBe('string')
    const rows = await sql().query(
      "select encrypted_password like '$2%' as bcrypt from auth.users where id = $1",
      [user.id],
    )
    expect(rows.rows[0]).toEqual({ bcrypt: true })
  })

  it('signs in with a password and reads the user', async () => {
    const { email } = await signUp()
    const c = anonClient()
    const { data, error } = await c.auth.signInWithPassword({ email: email.toUpperCase(), password })
    expect(error).toBeNull()
    const { data: me } = await c.auth.getUser()
    expect(me.user?.id).toBe(data.user!.id)
  })

  it('refreshes: the new token works and the rotated-out refresh token is refused after the reuse interval', async () => {
    const { c, session } = await signUp()
    const { data, error } = await c.auth.refreshSession()
    expect(error).toBeNull()
    expect(data.session!.refresh_token).not.toBe(session.refresh_token)
    expect((await c.auth.getUser(data.session!.access_token)).data.user).not.toBeNull()
    // Age the old token past refresh_token_reuse_interval (10 s in config.toml).
    await sql().query(
      "update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1",
      [session.refresh_token],
    )
    const reused = await anonClient().auth.refreshSession({ refresh_token: session.refresh_token })
    expect(reused.error?.code).toBe('refresh_token_already_used')
    // Reuse ends the session: the newest token is dead too.
    const after = await anonClient().auth.refreshSession({ refresh_token: data.session!.refresh_token })
    expect(after.error?.code).toBe('refresh_token_not_found')
  })

  it('within the reuse interval, the previous refresh token returns the current one (two tabs refreshing)', async () => {
    const { session } = await signUp()
    const first = await anonClient().auth.refreshSession({ refresh_token: session.refresh_token })
    const second = await anonClient().auth.refreshSession({ refresh_token: session.refresh_token })
    expect(second.error).toBeNull()
    expect(second.data.session!.refresh_token).toBe(first.data.session!.refresh_token)
  })

  it('sign-out revokes the session: its access token no longer reads the user, its refresh token is dead', async () => {
    const { c, session } = await signUp()
    expect((await c.auth.signOut()).error).toBeNull()
    const { error } = await anonClient().auth.getUser(session.access_token)
    expect(error?.name).toBe('AuthSessionMissingError')
    const refreshed = await anonClient().auth.refreshSession({ refresh_token: session.refresh_token })
    expect(refreshed.error?.code).toBe('refresh_token_not_found')
  })

  it('sign-out with scope "others" keeps the current session only', async () => {
    const { c, email } = await signUp()
    const other = anonClient()
    await other.auth.signInWithPassword({ email, password })
    await c.auth.signOut({ scope: 'others' })
    expect((await c.auth.getUser()).error).toBeNull()
    expect((await other.auth.getUser()).error).not.toBeNull()
  })

  it('a user cannot give themselves app_metadata or a role, by sign-up data or PUT /user', async () => {
    const { c, user } = await signUp()
    const { data, error } = await c.auth.updateUser({
      data: { nickname: 'a', role: 'admin' },
      app_metadata: { role: 'admin' },
    } as never)
    expect(error).toBeNull()
    expect(data.user!.app_metadata).toEqual({ provider: 'email', providers: ['email'] })
    expect(data.user!.user_metadata).toMatchObject({ nickname: 'a' })
    const { rows } = await sql().query('select role, raw_app_meta_data from auth.users where id = $1', [
      user.id,
    ])
    expect(rows[0]).toEqual({
      role: 'authenticated',
      raw_app_meta_data: { provider: 'email', providers: ['email'] },
    })
  })

  it('changes the password: the old one stops working', async () => {
    const { c, email } = await signUp()
    expect((await c.auth.updateUser({ password: 'another-pass-7' })).error).toBeNull()
    expect((await anonClient().auth.signInWithPassword({ email, password })).error?.code).toBe(
      'invalid_credentials',
    )
    expect(
      (await anonClient().auth.signInWithPassword({ email, password: 'another-pass-7' })).error,
    ).toBeNull()
  })
})

describe('auth: errors in GoTrue shape', () => {
  it('wrong password and unknown user: 400 invalid_credentials', async () => {
    const { email } = await signUp()
    for (const creds of [
      { email, password: 'wrong-password' },
      { email: 'nobody@example.com', password },
    ]) {
      const { error } = await anonClient().auth.signInWithPassword(creds)
      expect(error).toMatchObject({
        status: 400,
        code: 'invalid_credentials',
        message: 'Invalid login credentials',
      })
    }
  })

  it('weak password: 422 weak_password with reasons', async () => {
    const { error } = await anonClient().auth.signUp({ email: `${unique()}@example.com`, password: '123' })
    expect(error).toMatchObject({ status: 422, code: 'weak_password', reasons: ['length'] })
  })

  it('duplicate sign-up: 422 user_already_exists', async () => {
    const { email } = await signUp()
    const { error } = await anonClient().auth.signUp({ email, password })
    expect(error).toMatchObject({ status: 422, code: 'user_already_exists' })
  })

  it('malformed JSON and bad email: 400 with a message, never a stack trace', async () => {
    const env = stackEnv()
    const res = await fetch(`${env.apiUrl}/auth/v1/signup`, {
      method: 'POST',
      headers: {
        apikey: env.anonKey,
        'content-type': 'application/json',
        'x-supabase-api-version': '2024-01-01',
      },
      body: '{"email": ',
    })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { code: string; msg: string }
    expect(body.code).toBe('bad_json')
    expect(body.msg).not.toMatch(/at .*\.ts/)
    const { error } = await anonClient().auth.signUp({ email: 'not-an-email', password })
    expect(error).toMatchObject({ status: 400, code: 'validation_failed' })
  })
})
