// The migrations deploy to a Supabase project created today: applied as postgres to a
// database set up like one (no default grants in public, no pg_net, triggers on five auth
// tables only), then the backend's checks run there as each API role. Each file runs in one
// transaction, as `supabase db push` does; a file hosted would refuse is reported and, so the
// later checks can still name their own problems, applied once more as the superuser.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDatabase, withClient, type FreshDatabase } from '../../support/fresh-database.ts'

const migrations = path.resolve(import.meta.dirname, '../../../supabase/migrations')
const ADMIN = { sub: 'a1000000-0000-4000-8000-000000000001', session: 'a1000000-0000-4000-8000-0000000000a1' }
const CUSTOMER = {
  sub: 'c1000000-0000-4000-8000-000000000001',
  session: 'c1000000-0000-4000-8000-0000000000c1',
}
const OTHER = { sub: 'c2000000-0000-4000-8000-000000000002', session: 'c2000000-0000-4000-8000-0000000000c2' }

let db: FreshDatabase
const refused: string[] = []
let customerId: string

/**
 * Runs `fn` in a transaction as `role` with these JWT claims (as PostgREST does), then rolls
 * back. `arrange` runs first in the same transaction, as the superuser.
 */
async function as<T>(
  role: string,
  claims: object,
  fn: (c: pg.Client) => Promise<T>,
  arrange = '',
): Promise<T> {
  return withClient(db.adminUrl, async (c) => {
    await c.query('begin')
    try {
      if (arrange) await c.query(arrange)
      await c.query("select set_config('request.jwt.claims', $1, true)", [
        JSON.stringify({ ...claims, role }),
      ])
      await c.query(`set local role ${role}`)
      return await fn(c)
    } finally {
      await c.query('rollback')
    }
  })
}
// An admin signed in with a TOTP code (aal2), as the policies require.
const admin = { sub: ADMIN.sub, session_id: ADMIN.session, app_metadata: { role: 'admin' }, aal: 'aal2' }
const customer = { sub: CUSTOMER.sub, session_id: CUSTOMER.session, app_metadata: {}, aal: 'aal1' }
const ITEMS = JSON.stringify([{ description: 'Beans', quantity: 2, unit_price_cents: 1200 }])

beforeAll(async () => {
  db = await freshDatabase()
  for (const file of (await readdir(migrations)).filter((f) => f.endsWith('.sql')).toSorted()) {
    const sql = await readFile(path.join(migrations, file), 'utf8')
    const apply = (url: string) =>
      withClient(url, async (c) => {
        await c.query('begin')
        try {
          await c.query(sql)
          await c.query('commit')
        } catch (err) {
          await c.query('rollback')
          throw err
        }
      })
    await apply(db.postgresUrl).catch(async (err: Error) => {
      refused.push(`${file}: ${err.message}`)
      await apply(db.adminUrl)
    })
  }
  // What docs/deploy.md has a deployer do: the Vault secrets the webhook reads.
  await withClient(db.postgresUrl, (c) =>
    c.query(`select vault.create_secret('https://example.supabase.co', 'project_url');
             select vault.create_secret('a-webhook-secret', 'order_notify_webhook_secret')`),
  )
  // Accounts as Supabase Auth keeps them (users with a live session each), two customers.
  await withClient(db.adminUrl, async (c) => {
    for (const p of [ADMIN, CUSTOMER, OTHER]) {
      await c.query(
        `insert into auth.users (id, email, email_confirmed_at) values ($1::uuid, $1::text || '@example.test', now())`,
        [p.sub],
      )
      await c.query('insert into auth.sessions (id, user_id) values ($1, $2)', [p.session, p.sub])
    }
    const { rows } = await c.query<{ id: string }>(
      `insert into public.customers (name, email, user_id) values ('Cleo', 'cleo@example.test', $1),
         ('Otis', 'otis@example.test', $2) returning id`,
      [CUSTOMER.sub, OTHER.sub],
    )
    customerId = rows[0]!.id
    await c.query('set session_replication_role = replica') // arranged orders send no webhook
    await c.query(`select public.create_order($1, $2::jsonb)`, [rows[1]!.id, ITEMS])
    const mine = await c.query<{ id: string }>(`select id from public.create_order($1, $2::jsonb)`, [
      customerId,
      ITEMS,
    ])
    await c.query(`insert into public.order_events (order_id, kind) values ($1, 'created')`, [
      mine.rows[0]!.id,
    ])
  })
}, 60_000)
afterAll(() => db?.drop())

describe('the migrations, on a project created today', () => {
  it('apply as postgres: nothing hosted refuses (such as a trigger on an auth table it keeps closed)', () => {
    expect(refused).toEqual([])
  })

  it('create pg_net (recorded in schema extensions), so a status change can queue its webhook', async () => {
    const ext = await withClient(db.adminUrl, (c) =>
      c.query("select extnamespace::regnamespace::text as schema from pg_extension where extname = 'pg_net'"),
    )
    expect(ext.rows, 'the migrations never create pg_net').toEqual([{ schema: 'extensions' }])
    await as('authenticated', admin, async (c) => {
      const { rows } = await c.query<{ id: string; version: number }>(
        `select id, version from public.orders where customer_id = $1`,
        [customerId],
      )
      await c.query(`update public.orders set status = 'confirmed', version = $2 where id = $1`, [
        rows[0]!.id,
        rows[0]!.version,
      ])
      await c.query('reset role')
      const queued = await c.query("select url from net.http_request_queue where url like '%/order-notify'")
      expect(queued.rows).toEqual([{ url: 'https://example.supabase.co/functions/v1/order-notify' }])
    })
  })

  it('let an admin create an order (create_order draws the order number) and read the timeline', async () => {
    // Without a project_url the webhook steps aside (the test above covers it).
    const noWebhook = "delete from vault.secrets where name = 'project_url'"
    await as(
      'authenticated',
      admin,
      async (c) => {
        const { rows } = await c.query(`select number, total_cents from public.create_order($1, $2::jsonb)`, [
          customerId,
          ITEMS,
        ])
        expect(rows[0]).toMatchObject({ total_cents: '2400' })
        const events = await c.query('select count(*)::int as n from public.order_events')
        expect(events.rows[0].n).toBeGreaterThan(0)
        const list = await c.query('select count(*)::int as n from public.order_list')
        expect(list.rows[0].n).toBe(3)
      },
      noWebhook,
    )
  })

  it('let order-notify (service_role) read an order with its customer and items, and write the outbox', async () => {
    const order = await as('service_role', {}, (c) =>
      c.query(
        `select o.number, c.email, c.notify_email, count(i.*)::int as items
           from public.orders o join public.customers c on c.id = o.customer_id
           join public.order_items i on i.order_id = o.id
          where c.id = $1 group by o.number, c.email, c.notify_email`,
        [customerId],
      ),
    )
    expect(order.rows).toMatchObject([{ email: 'cleo@example.test', notify_email: true, items: 1 }])
    const event = await withClient(db.adminUrl, (c) =>
      c.query<{ id: string; order_id: string }>('select id, order_id from public.order_events limit 1'),
    )
    const row = [event.rows[0]!.id, event.rows[0]!.order_id, 'cleo@example.test']
    await as('service_role', {}, async (c) => {
      const add = `insert into public.notifications (event_id, order_id, recipient) values ($1, $2, $3) on conflict do nothing`
      await c.query(add, row)
      await c.query(add, row) // a webhook delivered twice
      const claimed = await c.query(
        `update public.notifications set status = 'sending' where event_id = $1 and recipient = $2 and status = 'pending' returning id`,
        [row[0], row[2]],
      )
      expect(claimed.rowCount).toBe(1)
    })
  })

  it('let invite-customer (service_role) read customers', async () => {
    const rows = await as('service_role', {}, (c) =>
      c.query('select id, name, email, user_id from public.customers where id = $1', [customerId]),
    )
    expect(rows.rows).toMatchObject([{ email: 'cleo@example.test' }])
  })

  it('let a customer read only their own orders, and anon nothing', async () => {
    const mine = await as('authenticated', customer, (c) =>
      c.query('select c.email from public.orders o join public.customers c on c.id = o.customer_id'),
    )
    expect(mine.rows.map((r) => r.email)).toEqual(['cleo@example.test'])
    const anon = await as('anon', {}, (c) =>
      c.query('select count(*) from public.orders').then(
        () => 'read',
        (err: Error) => err.message,
      ),
    )
    expect(anon).toMatch(/permission denied for table orders/)
  })
})
