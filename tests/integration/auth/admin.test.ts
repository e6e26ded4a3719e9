// The admin API: only the service role may use it; it is where app_metadata is set.
import { describe, expect, it } from 'vitest'
import { decodeJwt } from 'jose'
import { anonClient, serviceClient, signedInClient, unique } from '../../support/clients.ts'

describe('auth: admin API', () => {
  it('creates an admin (app_metadata.role = admin) whose token carries it', async () => {
    const email = `${unique('adm')}@example.com`
    const { data, error } = await serviceClient().auth.admin.createUser({
      email,
      password: 'admin-pass-1',
      email_confirm: true,
      app_metadata: { role: 'admin' },
    })
    expect(error).toBeNull()
    expect(data.user?.app_metadata).toMatchObject({ role: 'admin', provider: 'email' })
    const c = await signedInClient(email, 'admin-pass-1')
    const token = (await c.auth.getSession()).data.session!.access_token
    expect(decodeJwt(token).app_metadata).toMatchObject({ role: 'admin' })
  })

  it('lists, reads, updates and deletes users', async () => {
    const admin = serviceClient().auth.admin
    const email = `${unique('crud')}@example.com`
    const { data: created } = await admin.createUser({ email, password: 'pass-word-1', email_confirm: true })
    const id = created.user!.id
    const { data: list } = await admin.listUsers({ page: 1, perPage: 1000 })
    expect(list.users.map((u) => u.email)).toContain(email)
    expect((await admin.getUserById(id)).data.user?.email).toBe(email)
    const { data: updated } = await admin.updateUserById(id, {
      user_metadata: { name: 'Zed' },
      app_metadata: { plan: 'x' },
    })
    expect(updated.user?.user_metadata).toMatchObject({ name: 'Zed' })
    expect(updated.user?.app_metadata).toMatchObject({ plan: 'x' })
    expect((await admin.deleteUser(id)).error).toBeNull()
    expect((await admin.getUserById(id)).error).toMatchObject({ status: 404, code: 'user_not_found' })
  })

  it('refuses the admin API to the anon key and to a signed-in user', async () => {
    const email = `${unique('plain')}@example.com`
    await serviceClient().auth.admin.createUser({ email, password: 'pass-word-1', email_confirm: true })
    const user = await signedInClient(email, 'pass-word-1')
    for (const c of [anonClient(), user]) {
      const { error } = await c.auth.admin.listUsers()
      expect(error?.status).toBe(403)
      const created = await c.auth.admin.createUser({
        email: `${unique()}@example.com`,
        app_metadata: { role: 'admin' },
      })
      expect(created.error?.status).toBe(403)
    }
  })

  it('generate_link returns a working code without sending mail', async () => {
    const email = `${unique('gen')}@example.com`
    await serviceClient().auth.admin.createUser({ email, password: 'pass-word-1', email_confirm: true })
    const { data, error } = await serviceClient().auth.admin.generateLink({ type: 'magiclink', email })
    expect(error).toBeNull()
    expect(data.properties!.action_link).toContain('/auth/v1/verify?token=')
    const verified = await anonClient().auth.verifyOtp({
      token_hash: data.properties!.hashed_token,
      type: 'magiclink',
    })
    expect(verified.data.user?.email).toBe(email)
  })
})
