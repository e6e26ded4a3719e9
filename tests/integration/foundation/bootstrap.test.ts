import { afterAll, describe, expect, it } from 'vitest'
import { sql } from '../../support/clients.ts'

describe('bootstrap: what a fresh Supabase database offers', () => {
  afterAll(() => sql().end())

  it('creates the API roles with Supabase attributes', async () => {
    const { rows } = await sql().query(
      "select rolname, rolbypassrls, rolcanlogin from pg_roles where rolname in ('anon','authenticated','service_role','authenticator') order by rolname",
    )
    expect(rows).toEqual([
      { rolname: 'anon', rolbypassrls: false, rolcanlogin: false },
      { rolname: 'authenticated', rolbypassrls: false, rolcanlogin: false },
      { rolname: 'authenticator', rolbypassrls: false, rolcanlogin: true },
      { rolname: 'service_role', rolbypassrls: true, rolcanlogin: false },
    ])
  })

  it('lets authenticator switch to each API role', async () => {
    const { rows } = await sql().query(
      "select r, pg_has_role('authenticator', r, 'member') as ok from unnest(array['anon','authenticated','service_role']) r",
    )
    expect(rows.every((r) => r.ok)).toBe(true)
  })

  it('auth.uid(), auth.role() and auth.jwt() read the claims set in the transaction', async () => {
    const c = await sql().connect()
    try {
      await c.query('begin')
      const claims = { sub: '11111111-2222-3333-4444-555555555555', role: 'authenticated', email: 'a@b.c' }
      await c.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claims)])
      const { rows } = await c.query(
        "select auth.uid()::text as uid, auth.role() as role, auth.jwt()->>'email' as email",
      )
      expect(rows[0]).toEqual({ uid: claims.sub, role: 'authenticated', email: 'a@b.c' })
      await c.query('rollback')
      const after = await c.query('select auth.uid() as uid')
      expect(after.rows[0].uid).toBeNull()
    } finally {
      c.release()
    }
  })

  it('has the schemas, auth tables and the empty supabase_realtime publication', async () => {
    const schemas = await sql().query(
      "select nspname from pg_namespace where nspname in ('auth','extensions','realtime','supabase_functions','net') order by 1",
    )
    expect(schemas.rows.map((r) => r.nspname)).toEqual([
      'auth',
      'extensions',
      'net',
      'realtime',
      'supabase_functions',
    ])
    const tables = await sql().query(
      "select table_name from information_schema.tables where table_schema = 'auth' and table_name in ('users','identities','sessions','refresh_tokens') order by 1",
    )
    expect(tables.rows).toHaveLength(4)
    const pub = await sql().query(
      "select puballtables from pg_publication where pubname = 'supabase_realtime'",
    )
    expect(pub.rows).toEqual([{ puballtables: false }])
  })

  it('gives the API roles default privileges on new tables in public', async () => {
    await sql().query('create table if not exists public.bootstrap_probe (id int)')
    const { rows } = await sql().query(
      "select has_table_privilege('authenticated', 'public.bootstrap_probe', 'select') as a, has_table_privilege('anon', 'public.bootstrap_probe', 'insert') as b",
    )
    expect(rows[0]).toEqual({ a: true, b: true })
    await sql().query('drop table public.bootstrap_probe')
  })
})
