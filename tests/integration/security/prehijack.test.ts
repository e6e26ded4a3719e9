// Account pre-hijacking: someone signs up first with a customer's address and a password of
// their own. However the real owner later proves the address (an emailed code, or the shop's
// invite), the attacker's password, sessions and refresh tokens never reach that customer.
// Under both `[auth.email] enable_confirmations` settings: false (this project) and true
// (hosted Supabase's default).
import type { SupabaseClient } from '@supabase/supabase-js'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, stackEnv, unique } from '../../support/clients.ts'
import { waitForMail } from '../../support/mail.ts'
import type { StackEnv } from '../../support/stack-env.ts'
import { DEMO_ADMIN, signInWithTotp } from '../../support/totp.ts'
import { setTomlValue, startStackWithConfig, type CopiedStack } from '../../support/stack-copy.ts'

const ATTACKER_PASSWORD = 'attacker-chose-this'
const SEEDED_UNLINKED = 'carol@example.com' // supabase/seed.sql: a customer with orders, no account

async function adminSql<T extends pg.QueryResultRow>(env: StackEnv, text: string, values: unknown[] = []) {
  const c = new pg.Client({ connectionString: env.databaseUrl })
  await c.connect()
  try {
    return (await c.query<T>(text, values)).rows
  } finally {
    await c.end()
  }
}

/** What the app does once a customer is signed in (README: the link rule). */
async function linkAfterSignIn(c: SupabaseClient): Promise<void> {
  const { error } = await c.rpc('link_my_customer')
  expect(error).toBeNull()
}

/** What a client can see of the desk. */
async function visible(c: SupabaseClient) {
  const customers = await c.from('customers').select('email')
  const orders = await c.from('orders').select('id')
  return { customers: customers.data ?? [], orders: orders.data ?? [] }
}

/** The owner of `email` signs in with the code from their own inbox, as the app does. */
async function signInWithCode(env: StackEnv, email: string): Promise<SupabaseClient> {
  const since = new Date()
  const owner = client('anon', env)
  const sent = await owner.auth.signInWithOtp({ email, options: { shouldCreateUser: false } })
  expect(sent.error).toBeNull()
  const mail = await waitForMail({ to: email, since, mailUrl: env.mailUrl })
  const token = mail.text?.match(/\b(\d{6})\b/)?.[1]
  const { data, error } = await owner.auth.verifyOtp({ email, token: token!, type: 'email' })
  expect(error).toBeNull()
  expect(data.session).not.toBeNull()
  await linkAfterSignIn(owner)
  return owner
}

/** After the owner's proof: the attacker's password, old session and refresh token get nothing. */
async function expectAttackerLockedOut(env: StackEnv, attacker: SupabaseClient | undefined, email: string) {
  if (attacker) {
    // The access token is a JWT still within its hour: the database must see its session ended.
    expect(await visible(attacker)).toEqual({ customers: [], orders: [] })
    const edit = await attacker
      .from('customers')
      .update({ address: 'attacker street' })
      .eq('email', email)
      .select('id')
    expect(edit.data ?? []).toEqual([])
    expect((await attacker.auth.refreshSession()).error).not.toBeNull()
  }
  const again = client('anon', env)
  const signIn = await again.auth.signInWithPassword({ email, password: ATTACKER_PASSWORD })
  expect(signIn.error?.code).toBe('invalid_credentials')
  const rows = await adminSql<{ address: string | null }>(
    env,
    'select address from customers where email = $1',
    [email],
  )
  expect(rows[0]!.address).not.toBe('attacker street')
}

describe('pre-hijacking with enable_confirmations = false (this project)', () => {
  it('a password sign-up with a seeded customer’s address never reaches that customer', async () => {
    const env = stackEnv()
    const attacker = client('anon', env)
    const signUp = await attacker.auth.signUp({ email: SEEDED_UNLINKED, password: ATTACKER_PASSWORD })
    expect(signUp.error).toBeNull()
    expect(signUp.data.session).not.toBeNull() // confirmations off: signed in at once
    await linkAfterSignIn(attacker) // a password proves nothing
    expect(await visible(attacker)).toEqual({ customers: [], orders: [] })

    const carol = await signInWithCode(env, SEEDED_UNLINKED)
    const mine = await visible(carol) // positive control: the proof linked Carol's row
    expect(mine.customers).toEqual([{ email: SEEDED_UNLINKED }])
    expect(mine.orders.length).toBeGreaterThan(0)

    await expectAttackerLockedOut(env, attacker, SEEDED_UNLINKED)
    expect((await visible(carol)).orders).toEqual(mine.orders) // and Carol keeps her session
  })
})

/** Holds the account's row (as the link does), lets a password sign-in block on it, then `during`. */
async function signInWhileHeld(email: string, during: string[]) {
  const held = new pg.Client({ connectionString: stackEnv().databaseUrl })
  await held.connect()
  try {
    await held.query('begin')
    const { rows } = await held.query<{ id: string }>(
      'select id from auth.users where email = $1 for update',
      [email],
    )
    const signIn = client('anon').auth.signInWithPassword({ email, password: ATTACKER_PASSWORD })
    // The sign-in has checked the password and now waits for the row inside its transaction.
    const blocked = `select 1 from pg_stat_activity where wait_event_type = 'Lock' and application_name = 'stack'
      and query ~* 'auth\\.(sessions|users|mfa_amr_claims|refresh_tokens)'`
    for (let i = 0; !(await adminSql(stackEnv(), blocked)).length; i++) {
      if (i > 400) throw new Error('the sign-in never reached the held account row')
      await new Promise((r) => setTimeout(r, 25))
    }
    for (const statement of during) await held.query(statement, [rows[0]!.id])
    await held.query('commit')
    return { userId: rows[0]!.id, result: await signIn }
  } finally {
    await held.end()
  }
}

describe('a password sign-in racing the link', () => {
  it('ends without a session when the link removed the password meanwhile', async () => {
    const email = `${unique('race')}@example.com`
    expect((await client('anon').auth.signUp({ email, password: ATTACKER_PASSWORD })).error).toBeNull()
    // Positive control: a sign-in held the same way, with the password left alone, succeeds.
    const control = await signInWhileHeld(email, ['select $1::uuid'])
    expect(control.result.error).toBeNull()
    const raced = await signInWhileHeld(email, [
      "update auth.users set encrypted_password = '' where id = $1",
      'delete from auth.sessions where user_id = $1',
    ])
    expect(raced.result.error).not.toBeNull()
    expect(
      await adminSql(stackEnv(), 'select id from auth.sessions where user_id = $1', [raced.userId]),
    ).toEqual([])
  })
})

describe('pre-hijacking with enable_confirmations = true (hosted default)', () => {
  let stack: CopiedStack
  beforeAll(async () => {
    // The owner comes back later than the attacker's sign-up email; without waiting out
    // max_frequency here, her code request would be a (correct) 429.
    stack = await startStackWithConfig((t) =>
      [
        ['enable_confirmations', 'true'],
        ['double_confirm_changes', 'false'],
        ['max_frequency', '"0s"'],
      ].reduce((toml, [key, value]) => setTomlValue(toml, 'auth.email', key!, value!), t),
    )
  }, 120_000)
  afterAll(() => stack?.stop())

  it('the owner signs in with the emailed code: the attacker’s password never works', async () => {
    const env = stack.env
    const attacker = client('anon', env)
    const signUp = await attacker.auth.signUp({ email: SEEDED_UNLINKED, password: ATTACKER_PASSWORD })
    expect(signUp.error).toBeNull()
    expect(signUp.data.session).toBeNull() // unconfirmed: no session
    const early = await client('anon', env).auth.signInWithPassword({
      email: SEEDED_UNLINKED,
      password: ATTACKER_PASSWORD,
    })
    expect(early.error?.code).toBe('email_not_confirmed')

    const carol = await signInWithCode(env, SEEDED_UNLINKED)
    const mine = await visible(carol)
    expect(mine.customers).toEqual([{ email: SEEDED_UNLINKED }])
    expect(mine.orders.length).toBeGreaterThan(0)

    await expectAttackerLockedOut(env, undefined, SEEDED_UNLINKED)
  })

  it('an invite of the attacker’s unconfirmed account hands the customer to nobody but the owner', async () => {
    const env = stack.env
    const email = `${unique('dora')}@example.com`
    const [customer] = await adminSql<{ id: string }>(
      env,
      `insert into customers (name, email) values ('Dora Doe', $1) returning id`,
      [email],
    )
    const attacker = client('anon', env)
    expect((await attacker.auth.signUp({ email, password: ATTACKER_PASSWORD })).error).toBeNull()

    const admin = await signInWithTotp(
      client('anon', env),
      DEMO_ADMIN.email,
      DEMO_ADMIN.password,
      DEMO_ADMIN.totpSecret,
    )
    const since = new Date()
    const invited = await admin.functions.invoke('invite-customer', { body: { customer_id: customer!.id } })
    expect(invited.error).toBeNull()
    const linkedAtInvite = await adminSql<{ user_id: string | null }>(
      env,
      'select user_id from customers where id = $1',
      [customer!.id],
    )
    expect(linkedAtInvite[0]!.user_id).toBeNull() // an invite alone proves nothing

    // Dora follows the link in her inbox; the session arrives in the redirect's fragment.
    const mail = await waitForMail({ to: email, since, mailUrl: env.mailUrl })
    const link = mail.text!.match(/https?:\/\/\S+\/auth\/v1\/verify\?\S+/)![0]
    const res = await fetch(link, { redirect: 'manual' })
    expect(res.status).toBe(303)
    const fragment = new URLSearchParams(new URL(res.headers.get('location')!).hash.slice(1))
    const dora = client('anon', env)
    const set = await dora.auth.setSession({
      access_token: fragment.get('access_token')!,
      refresh_token: fragment.get('refresh_token')!,
    })
    expect(set.error).toBeNull()
    await linkAfterSignIn(dora)
    expect((await visible(dora)).customers).toEqual([{ email }]) // positive control

    await expectAttackerLockedOut(env, undefined, email)
  })
})
