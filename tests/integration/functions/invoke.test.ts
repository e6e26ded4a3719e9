// Edge functions through supabase-js functions.invoke, served by the local Deno runtime.
import { describe, expect, it } from 'vitest'
import { FunctionsHttpError } from '@supabase/supabase-js'
import { anonClient, signedInClient, serviceClient, stackEnv, unique } from '../../support/clients.ts'

interface Echo {
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string | null>
  body: string
  env: Record<string, unknown>
}

describe('edge functions', () => {
  it('passes body, headers, method and sub-paths; sets the Supabase env', async () => {
    const { data, error } = await anonClient().functions.invoke<Echo>('echo/orders/42?x=1', {
      body: { hello: 'world' },
      headers: { 'x-custom': 'yes' },
    })
    expect(error).toBeNull()
    expect(data).toMatchObject({
      method: 'POST',
      path: '/echo/orders/42',
      query: { x: '1' },
      headers: { 'x-custom': 'yes' },
    })
    expect(JSON.parse(data!.body)).toEqual({ hello: 'world' })
    expect(data!.env).toEqual({
      SUPABASE_URL: stackEnv().apiUrl,
      SUPABASE_ANON_KEY: true,
      SUPABASE_SERVICE_ROLE_KEY: true,
      SUPABASE_DB_URL: true,
      RESEND_BASE_URL: stackEnv().mailUrl,
    })
  })

  it('forwards the caller’s token to the function', async () => {
    const email = `${unique('fn')}@example.com`
    await serviceClient().auth.admin.createUser({ email, password: 'fn-password-1', email_confirm: true })
    const user = await signedInClient(email, 'fn-password-1')
    const { data } = await user.functions.invoke<Echo>('echo', { method: 'GET' })
    const token = (await user.auth.getSession()).data.session!.access_token
    expect(data!.headers.authorization).toBe(`Bearer ${token}`)
  })

  it('verify_jwt on: no token or a bad one gets 401 before the function runs', async () => {
    const env = stackEnv()
    const none = await fetch(`${env.apiUrl}/functions/v1/echo`, { method: 'POST' })
    expect(none.status).toBe(401)
    expect(await none.json()).toEqual({ code: 401, message: 'Missing authorization header' })
    const bad = await fetch(`${env.apiUrl}/functions/v1/echo`, {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
    })
    expect(bad.status).toBe(401)
    expect(await bad.json()).toEqual({ code: 401, message: 'Invalid JWT' })
  })

  it('verify_jwt off: the function runs without a token', async () => {
    const res = await fetch(`${stackEnv().apiUrl}/functions/v1/echo-open`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ open: true })
  })

  it('answers CORS preflight from the function itself', async () => {
    const res = await fetch(`${stackEnv().apiUrl}/functions/v1/echo`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:3000', 'access-control-request-method': 'POST' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-headers')).toContain('x-custom')
  })

  it('streams a response body', async () => {
    const res = await fetch(`${stackEnv().apiUrl}/functions/v1/echo/stream`, {
      headers: { authorization: `Bearer ${stackEnv().anonKey}` },
    })
    expect(await res.text()).toBe('chunk 0\nchunk 1\nchunk 2\n')
  })

  it('a thrown error gives a 5xx in Supabase’s shape, and the next request works', async () => {
    const { error } = await anonClient().functions.invoke('crash/boom')
    expect(error).toBeInstanceOf(FunctionsHttpError)
    const res = (error as FunctionsHttpError).context as Response
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({
      code: 'WORKER_ERROR',
      message: 'Function exited due to an error (please check logs)',
    })
    const { data } = await anonClient().functions.invoke('crash')
    expect(data).toBe('alive')
  })

  it('a function resolves only its own deno.json imports: package.json never helps, as at deploy', async () => {
    const { error } = await anonClient().functions.invoke('bare-import')
    const res = (error as FunctionsHttpError).context as Response
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ code: 'BOOT_ERROR' })
    // order-notify imports `resend` and `mustache` through its deno.json: it boots and answers.
    const boots = await fetch(`${stackEnv().apiUrl}/functions/v1/order-notify`, {
      method: 'POST',
      headers: { 'x-webhook-secret': 'wrong' },
      body: '{}',
    })
    expect(boots.status).toBe(401)
  })

  it('an unknown function is 404', async () => {
    const res = await fetch(`${stackEnv().apiUrl}/functions/v1/nope`, {
      headers: { authorization: `Bearer ${stackEnv().anonKey}` },
    })
    expect(res.status).toBe(404)
  })
})
