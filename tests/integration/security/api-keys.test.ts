// The new API keys through the real supabase-js: a publishable key acts as anon, a secret key
// as service_role, as on hosted Supabase; secret keys are refused from browsers.
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import WebSocket from 'ws'
import { beforeAll, describe, expect, it } from 'vitest'
import { sql, stackEnv, unique } from '../../support/clients.ts'

const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36'

function clientWith(key: string, headers: Record<string, string> = {}): SupabaseClient {
  return createClient(stackEnv().apiUrl, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never },
    global: { headers },
  })
}

beforeAll(async () => {
  await sql().query(
    `create or replace function public.api_key_probe() returns text language sql stable as $$ select auth.role() $$;
     grant execute on function public.api_key_probe() to anon, authenticated, service_role`,
  )
})

describe('publishable and secret keys', () => {
  it('a publishable key reaches REST, Realtime and functions as anon', async () => {
    const c = clientWith(stackEnv().publishableKey)
    expect(await c.rpc('api_key_probe')).toMatchObject({ data: 'anon', error: null })
    const { error } = await c.functions.invoke('echo', { body: { hi: 1 } })
    expect(error).toBeNull()
    const status = await new Promise<string>((resolve) =>
      c.channel(unique('pk')).subscribe((s) => resolve(s)),
    )
    expect(status).toBe('SUBSCRIBED')
    await c.removeAllChannels()
  })

  it("a signed-in user's token passes through the publishable key unchanged", async () => {
    const c = clientWith(stackEnv().publishableKey)
    const { error } = await c.auth.signUp({ email: `${unique('pku')}@example.com`, password: 'pk-user-pw' })
    expect(error).toBeNull()
    expect((await c.rpc('api_key_probe')).data).toBe('authenticated')
  })

  it('a secret key acts as service_role from a server: REST and the Auth admin API', async () => {
    const c = clientWith(stackEnv().secretKey)
    expect((await c.rpc('api_key_probe')).data).toBe('service_role')
    const { data, error } = await c.auth.admin.listUsers({ perPage: 1 })
    expect(error).toBeNull()
    expect(data.users).toHaveLength(1)
  })

  it('a secret key from a browser is refused with 401, the same call from a server passes', async () => {
    const call = (ua: string) =>
      fetch(`${stackEnv().apiUrl}/rest/v1/rpc/api_key_probe`, {
        headers: { apikey: stackEnv().secretKey, 'user-agent': ua },
      })
    const refused = await call(BROWSER)
    expect(refused.status).toBe(401)
    expect(await refused.json()).toMatchObject({ message: 'Forbidden use of secret API key in browser' })
    expect((await call('node')).status).toBe(200)
    const viaClient = await clientWith(stackEnv().secretKey, { 'User-Agent': BROWSER }).rpc('api_key_probe')
    expect(viaClient.error).not.toBeNull()
    expect(viaClient.data).toBeNull()
  })

  it('unknown keys, and a key as bearer that differs from apikey, are refused', async () => {
    const call = (apikey: string, authorization?: string) =>
      fetch(`${stackEnv().apiUrl}/rest/v1/rpc/api_key_probe`, {
        headers: { apikey, ...(authorization ? { authorization } : {}) },
      })
    const unknown = await call('sb_publishable_not_this_project')
    expect(unknown.status).toBe(401)
    expect(await unknown.json()).toEqual({ message: 'Invalid authentication credentials' })
    // A publishable key may not lend its request the secret key as bearer.
    const mixed = await call(stackEnv().publishableKey, `Bearer ${stackEnv().secretKey}`)
    expect(mixed.status).toBe(401)
    expect((await call(stackEnv().publishableKey, `Bearer ${stackEnv().publishableKey}`)).status).toBe(200)
  })
})
