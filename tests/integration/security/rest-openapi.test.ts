// Attack: reading the REST root to map the schema. As on hosted Supabase since 2026, the
// anon key (and a user's token) gets a refusal that names nothing; the service role gets
// the spec, which lists only what the service role itself can reach (follow-privileges).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serviceClient, sql, stackEnv, unique } from '../../support/clients.ts'

const visible = unique('rest_sec_visible')
const hidden = unique('rest_sec_hidden')
const hiddenFn = unique('rest_sec_hidden_fn')

beforeAll(async () => {
  await sql().query(`
    create table public.${visible} (id int primary key);
    create table public.${hidden} (id int primary key);
    revoke all on public.${visible}, public.${hidden} from anon, authenticated, service_role;
    grant select on public.${visible} to service_role;
    create function public.${hiddenFn}() returns int language sql as 'select 1';
    revoke all on function public.${hiddenFn}() from public, anon, authenticated, service_role;`)
})
afterAll(() =>
  sql().query(
    `drop table if exists public.${visible}, public.${hidden}; drop function if exists public.${hiddenFn}()`,
  ),
)

const root = (key: string, bearer = key) =>
  fetch(`${stackEnv().apiUrl}/rest/v1/`, { headers: { apikey: key, authorization: `Bearer ${bearer}` } })

describe('the REST root', () => {
  it('refuses the anon key with hosted Supabase’s 401 and names no table', async () => {
    const res = await root(stackEnv().anonKey)
    const text = await res.text()
    expect(res.status).toBe(401)
    expect(JSON.parse(text)).toEqual({
      message: 'Invalid API key',
      hint: 'Only the `service_role` API key can be used for this endpoint.',
    })
    expect(text).not.toContain(visible)
  })

  it('refuses a signed-in user’s token sent with the anon key', async () => {
    const email = `${unique('root')}@example.com`
    const svc = serviceClient()
    await svc.auth.admin.createUser({ email, password: 'root-password', email_confirm: true })
    const { data } = await svc.auth.signInWithPassword({ email, password: 'root-password' })
    const res = await root(stackEnv().anonKey, data.session!.access_token)
    expect(res.status).toBe(401)
  })

  it('gives the service role only the tables and functions it may use', async () => {
    const res = await root(stackEnv().serviceRoleKey)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/openapi\+json/)
    const spec = (await res.json()) as {
      paths: Record<string, unknown>
      definitions: Record<string, unknown>
    }
    expect(Object.keys(spec.paths)).toContain(`/${visible}`)
    expect(Object.keys(spec.paths)).not.toContain(`/${hidden}`)
    expect(Object.keys(spec.definitions)).not.toContain(hidden)
    expect(Object.keys(spec.paths)).not.toContain(`/rpc/${hiddenFn}`)
  })
})
