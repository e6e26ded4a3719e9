// Attack: an anon caller reads, through an RPC of its own choosing, which role it really
// runs as and which limits apply to it. REST must log in as `authenticator` (never a
// superuser) and run each request as the JWT's role with that role's settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anonClient, serviceClient, signedInClient, sql, unique } from '../../support/clients.ts'

const fn = unique('rest_sec_whoami')
const email = `${unique('whoami')}@example.com`

beforeAll(async () => {
  await sql().query(`
    create function public.${fn}() returns json language sql stable as $$
      select json_build_object(
        'session_user', session_user, 'current_user', current_user,
        'superuser', (select rolsuper from pg_roles where rolname = session_user),
        'statement_timeout', current_setting('statement_timeout'),
        'role_claim', current_setting('request.jwt.claims', true)::json ->> 'role',
        'method', current_setting('request.method', true),
        'path', current_setting('request.path', true),
        'read_only', current_setting('transaction_read_only'))
    $$;
    revoke all on function public.${fn}() from public;
    grant execute on function public.${fn}() to anon, authenticated, service_role;`)
  const { error } = await serviceClient().auth.admin.createUser({
    email,
    password: 'whoami-password',
    email_confirm: true,
  })
  if (error) throw error
})
afterAll(() => sql().query(`drop function if exists public.${fn}()`))

describe('REST runs as the JWT role through authenticator', () => {
  it('an anon RPC sees authenticator as session user, anon as role, and a 3 s timeout', async () => {
    const { data, error } = await anonClient().rpc(fn, {}, { get: true })
    expect(error).toBeNull()
    expect(data).toEqual({
      session_user: 'authenticator',
      current_user: 'anon',
      superuser: false,
      statement_timeout: '3s',
      role_claim: 'anon',
      method: 'GET',
      path: `/rpc/${fn}`,
      read_only: 'on',
    })
  })

  it('a signed-in user runs as authenticated with the 8 s timeout', async () => {
    const user = await signedInClient(email, 'whoami-password')
    const { data, error } = await user.rpc(fn)
    expect(error).toBeNull()
    expect(data).toMatchObject({
      session_user: 'authenticator',
      current_user: 'authenticated',
      statement_timeout: '8s',
      role_claim: 'authenticated',
      method: 'POST',
    })
  })

  it('a role setting changed in the database applies after NOTIFY pgrst, reload config', async () => {
    await sql().query(`alter role anon set statement_timeout = '2500ms'; notify pgrst, 'reload config'`)
    try {
      await expect
        .poll(
          async () =>
            ((await anonClient().rpc(fn)).data as { statement_timeout: string } | null)?.statement_timeout,
        )
        .toBe('2500ms')
    } finally {
      await sql().query(`alter role anon set statement_timeout = '3s'; notify pgrst, 'reload config'`)
    }
    await expect
      .poll(
        async () =>
          ((await anonClient().rpc(fn)).data as { statement_timeout: string } | null)?.statement_timeout,
      )
      .toBe('3s')
  })
})
