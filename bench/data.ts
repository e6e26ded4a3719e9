// Benchmark data, arranged straight in SQL with triggers off (no timeline, no webhook, no
// email) so setting up a thousand customers takes a second, not minutes.
import { randomUUID } from 'node:crypto'
import { type SupabaseClient, createClient } from '@supabase/supabase-js'
import pg from 'pg'
import WebSocket from 'ws'
import type { StackEnv } from '../tests/support/stack-env.ts'
import { signAccessToken } from '../tests/support/tokens.ts'

export interface BenchCustomer {
  userId: string
  customerId: string
  orderIds: string[]
  token: string
}

/**
 * An access token shaped like Supabase Auth's, signed with the project secret. Customer data
 * is read only through a session that exists in auth.sessions (the link rule).
 */
export function accessToken(
  env: StackEnv,
  sub: string,
  appMetadata: object = {},
  sessionId: string = randomUUID(),
  aal: 'aal1' | 'aal2' = 'aal1',
): Promise<string> {
  return signAccessToken(env.jwtSecret, sub, {
    email: `${sub}@bench.test`,
    app_metadata: appMetadata,
    session_id: sessionId,
    aal,
  })
}

/** `count` customers with sign-in accounts, each with `ordersEach` orders of two items. */
export async function makeCustomers(
  env: StackEnv,
  count: number,
  ordersEach: number,
): Promise<BenchCustomer[]> {
  const db = new pg.Client({ connectionString: env.databaseUrl })
  await db.connect()
  try {
    await db.query('set session_replication_role = replica')
    const { rows } = await db.query<{
      user_id: string
      customer_id: string
      session_id: string
      order_ids: string[]
    }>(
      `with people as (
         select gen_random_uuid() as user_id, gen_random_uuid() as customer_id, gen_random_uuid() as session_id, n
           from generate_series(1, $1::int) n
       ), users as (
         insert into auth.users (id, aud, role, email, email_confirmed_at, raw_app_meta_data, created_at, updated_at)
         select user_id, 'authenticated', 'authenticated', user_id || '@bench.test', now(), '{}', now(), now() from people
       ), sessions as (
         insert into auth.sessions (id, user_id, created_at, updated_at)
         select session_id, user_id, now(), now() from people
       ), customers as (
         insert into customers (id, name, email, user_id)
         select customer_id, 'Bench ' || n, user_id || '@bench.test', user_id from people
       ), orders as (
         insert into orders (customer_id, total_cents)
         select customer_id, 3300 from people, generate_series(1, $2::int)
         returning id, customer_id
       ), items as (
         insert into order_items (order_id, description, quantity, unit_price_cents)
         select id, d, q, p from orders, (values ('Beans', 1, 2400), ('Filters', 3, 300)) v (d, q, p)
       )
       select p.user_id, p.customer_id, p.session_id, array_agg(o.id) as order_ids
         from people p join orders o on o.customer_id = p.customer_id
        group by p.user_id, p.customer_id, p.session_id`,
      [count, ordersEach],
    )
    return Promise.all(
      rows.map(async (r) => ({
        userId: r.user_id,
        customerId: r.customer_id,
        orderIds: r.order_ids,
        token: await accessToken(env, r.user_id, {}, r.session_id),
      })),
    )
  } finally {
    await db.end()
  }
}

/** An admin's token at aal2, as after a TOTP sign-in (RLS needs no account: the JWT says it). */
export async function adminToken(env: StackEnv): Promise<string> {
  return accessToken(env, randomUUID(), { role: 'admin' }, randomUUID(), 'aal2')
}

/** A supabase-js client acting with `token` (Node 20 needs `ws` for realtime). */
export function clientWithToken(env: StackEnv, token: string): SupabaseClient {
  return createClient(env.apiUrl, env.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    accessToken: async () => token,
    realtime: { transport: WebSocket as never },
  })
}
