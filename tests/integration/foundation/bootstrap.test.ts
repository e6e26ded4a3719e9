// What a Supabase project created today offers, and refuses: the stack's database is never
// kinder than hosted Supabase, so what passes here deploys there.
import { afterAll, describe, expect, it } from 'vitest'
import { sql, stackEnv, unique } from '../../support/clients.ts'
import { freshDatabase, withClient } from '../../support/fresh-database.ts'

/** Runs `text` as postgres (the role migrations and the Supabase CLI use); resolves with the error. */
async function asPostgres(text: string): Promise<string | undefined> {
  return withClient(stackEnv().postgresUrl, async (c) => {
    await c.query('begin')
    try {
      await c.query(text)
      return undefined
    } catch (err) {
      return (err as Error).message
    } finally {
      await c.query('rollback')
    }
  })
}

afterAll(() => sql().end())

/** Runs `text` as postgres and commits. */
const postgres = (text: string) => withClient(stackEnv().postgresUrl, (c) => c.query(text))

describe('bootstrap: the roles of a Supabase database', () => {
  it('supabase_admin is the superuser; postgres is not, and has hosted’s attributes', async () => {
    const { rows } = await sql().query(
      `select rolname, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolcanlogin
         from pg_roles where rolname in ('postgres', 'supabase_admin') order by rolname`,
    )
    const attrs = {
      rolcreaterole: true,
      rolcreatedb: true,
      rolreplication: true,
      rolbypassrls: true,
      rolcanlogin: true,
    }
    expect(rows).toEqual([
      { rolname: 'postgres', rolsuper: false, ...attrs },
      { rolname: 'supabase_admin', rolsuper: true, ...attrs },
    ])
    expect(await asPostgres('select pg_read_file($$PG_VERSION$$)')).toMatch(/permission denied/)
    expect(await asPostgres('set role supabase_auth_admin')).toMatch(/permission denied to set role/)
  })

  it('creates the API roles with Supabase attributes; authenticator becomes only them', async () => {
    const { rows } = await sql().query(
      "select rolname, rolbypassrls, rolcanlogin from pg_roles where rolname in ('anon','authenticated','service_role','authenticator') order by rolname",
    )
    expect(rows).toEqual([
      { rolname: 'anon', rolbypassrls: false, rolcanlogin: false },
      { rolname: 'authenticated', rolbypassrls: false, rolcanlogin: false },
      { rolname: 'authenticator', rolbypassrls: false, rolcanlogin: true },
      { rolname: 'service_role', rolbypassrls: true, rolcanlogin: false },
    ])
    const member = await sql().query<{ r: string }>(
      `select r.rolname as r from pg_auth_members m join pg_roles r on r.oid = m.roleid
        where m.member = 'authenticator'::regrole order by 1`,
    )
    expect(member.rows.map((r) => r.r)).toEqual(['anon', 'authenticated', 'service_role'])
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

  it('has the schemas, auth tables owned by supabase_auth_admin and the supabase_realtime publication', async () => {
    const schemas = await sql().query(
      "select nspname, pg_get_userbyid(nspowner) as owner from pg_namespace where nspname in ('auth','extensions','realtime','supabase_functions') order by 1",
    )
    expect(schemas.rows).toEqual([
      { nspname: 'auth', owner: 'supabase_auth_admin' },
      { nspname: 'extensions', owner: 'supabase_admin' },
      { nspname: 'realtime', owner: 'supabase_admin' },
      { nspname: 'supabase_functions', owner: 'supabase_admin' },
    ])
    const owners = await sql().query(
      `select distinct pg_get_userbyid(relowner) as owner from pg_class
        where relnamespace = 'auth'::regnamespace and relkind = 'r'`,
    )
    expect(owners.rows).toEqual([{ owner: 'supabase_auth_admin' }])
    const hooks = await sql().query(
      "select pg_get_userbyid(relowner) as owner from pg_class where oid = 'supabase_functions.hooks'::regclass",
    )
    expect(hooks.rows).toEqual([{ owner: 'supabase_functions_admin' }])
    const pub = await sql().query(
      "select puballtables, pg_get_userbyid(pubowner) as owner from pg_publication where pubname = 'supabase_realtime'",
    )
    expect(pub.rows).toEqual([{ puballtables: false, owner: 'postgres' }])
  })
})

describe('bootstrap: as strict as a project created today', () => {
  it('a new table, sequence and function in public reach no API role until granted', async () => {
    const t = unique('probe_')
    await postgres(`create table public.${t} (id serial primary key);
      create function public.${t}_fn() returns int language sql as 'select 1'`)
    const roles = `unnest(array['anon', 'authenticated', 'service_role']) r`
    const grants = async () =>
      (
        await sql().query(`select
          (select coalesce(array_agg(r order by r), '{}') from ${roles}
            where has_table_privilege(r, 'public.${t}', 'select, insert, update, delete')) as tables,
          (select coalesce(array_agg(r order by r), '{}') from ${roles}
            where has_sequence_privilege(r, 'public.${t}_id_seq', 'usage, select')) as sequences,
          (select coalesce(array_agg(a.grantee::regrole::text order by 1), '{}') from pg_proc p, aclexplode(p.proacl) a
            where p.oid = 'public.${t}_fn'::regproc and a.grantee::regrole::text in ('anon', 'authenticated', 'service_role')) as functions,
          has_function_privilege('anon', 'public.${t}_fn()', 'execute') as public_executes`)
      ).rows[0]
    try {
      // PostgreSQL still lets PUBLIC execute a new function: migrations revoke it where needed.
      expect(await grants()).toEqual({ tables: [], sequences: [], functions: [], public_executes: true })
      await postgres(`grant select on public.${t} to anon; grant usage on sequence public.${t}_id_seq to authenticated;
        revoke execute on function public.${t}_fn() from public; grant execute on function public.${t}_fn() to service_role`)
      expect(await grants()).toEqual({
        tables: ['anon'],
        sequences: ['authenticated'],
        functions: ['service_role'],
        public_executes: false,
      })
    } finally {
      await postgres(`drop table public.${t}; drop function public.${t}_fn()`)
    }
  })

  it('`[api] auto_expose_new_tables = true` brings back the old default grants', async () => {
    const db = await freshDatabase({ autoExposeNewTables: true })
    try {
      const granted = await withClient(db.postgresUrl, async (c) => {
        await c.query('create table public.exposed (id int)')
        return (await c.query("select has_table_privilege('anon', 'public.exposed', 'select') as ok")).rows[0]
          .ok
      })
      expect(granted).toBe(true)
    } finally {
      await db.drop()
    }
  })

  it('postgres may add triggers to the five permitted auth tables only, and create nothing in auth', async () => {
    const fn = unique('noop_')
    await withClient(stackEnv().postgresUrl, (c) =>
      c.query(`create function public.${fn}() returns trigger language plpgsql as 'begin return null; end'`),
    )
    const trigger = (table: string) =>
      asPostgres(
        `create trigger probe after insert on auth.${table} for each row execute function public.${fn}()`,
      )
    try {
      for (const table of ['users', 'identities', 'sessions', 'refresh_tokens', 'audit_log_entries'])
        expect(await trigger(table), table).toBeUndefined()
      for (const table of ['one_time_tokens', 'mfa_amr_claims', 'flow_state', 'instances'])
        expect(await trigger(table), table).toMatch(/permission denied for table/)
    } finally {
      await withClient(stackEnv().postgresUrl, (c) => c.query(`drop function public.${fn}()`))
    }
    expect(await asPostgres('create table auth.mine (id int)')).toMatch(/permission denied for schema auth/)
    expect(await asPostgres('create function auth.mine() returns int language sql as $$select 1$$')).toMatch(
      /permission denied for schema auth/,
    )
    expect(await asPostgres('create index on auth.users (created_at)')).toMatch(/must be owner/)
    expect(await asPostgres('delete from auth.schema_migrations')).toMatch(/permission denied/)
  })

  it('pg_net is not there until a migration creates it; postgres can create it, in schema extensions', async () => {
    const db = await freshDatabase()
    try {
      await withClient(db.postgresUrl, async (c) => {
        await expect(c.query("select net.http_post('http://127.0.0.1/')")).rejects.toThrow(
          /schema "net" does not exist/,
        )
        await c.query('create extension if not exists pg_net with schema extensions')
        const { rows } = await c.query(
          `select e.extnamespace::regnamespace::text as schema, pg_get_userbyid(p.proowner) as owner,
                  net.http_post('http://127.0.0.1:9/') > 0 as queued
             from pg_extension e, pg_proc p
            where e.extname = 'pg_net' and p.oid = 'net.http_post(text, jsonb, jsonb, jsonb, integer)'::regprocedure`,
        )
        expect(rows).toEqual([{ schema: 'extensions', owner: 'supabase_admin', queued: true }])
        await c.query('set role anon')
        await expect(c.query("select net.http_get('http://127.0.0.1/')")).rejects.toThrow(/permission denied/)
      })
    } finally {
      await db.drop()
    }
  })
})
