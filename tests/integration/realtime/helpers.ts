// Realtime test helpers: subscribe and wait, collect events, mint user tokens.
import type { RealtimeChannel, RealtimePostgresChangesPayload, SupabaseClient } from '@supabase/supabase-js'
import { anonClient, sql, stackEnv } from '../../support/clients.ts'
import { signAccessToken } from '../../support/tokens.ts'

export function subscribed(channel: RealtimeChannel): Promise<RealtimeChannel> {
  return new Promise((resolve, reject) => {
    channel.subscribe((status, err) => {
      if (status === 'SUBSCRIBED') resolve(channel)
      else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') reject(err ?? new Error(status))
    })
  })
}

/** An array that fills as events arrive, and a way to wait for a count. */
export function collector<T>() {
  const items: T[] = []
  const waiters: Array<() => void> = []
  return {
    items,
    push(x: T) {
      items.push(x)
      for (const w of waiters.splice(0)) w()
    },
    async atLeast(n: number, timeoutMs = 5000): Promise<T[]> {
      const deadline = Date.now() + timeoutMs
      while (items.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} events, got ${items.length}`)
        await new Promise<void>((r) => {
          waiters.push(r)
          setTimeout(r, 50)
        })
      }
      return items
    },
  }
}

/** One channel of `client` on every change of `tables` (schema public), subscribed; its events in arrival order. */
export async function watchTables<Row extends Record<string, unknown>>(
  client: SupabaseClient,
  name: string,
  tables: string[],
) {
  const events = collector<RealtimePostgresChangesPayload<Row>>()
  const channel = client.channel(name)
  for (const table of tables)
    channel.on('postgres_changes', { event: '*', schema: 'public', table }, (p) => events.push(p as never))
  await subscribed(channel)
  return { channel, events }
}

/** How a join that should be refused ended: the reason Realtime gave. The channel is removed. */
export async function refused(channel: RealtimeChannel): Promise<string> {
  const reason = await new Promise<string>((resolve, reject) => {
    channel.subscribe((status, err) => {
      if (status === 'CHANNEL_ERROR') resolve(err?.message ?? '')
      else if (status === 'SUBSCRIBED') reject(new Error(`${channel.topic} was joined`))
    })
  })
  await channel.socket.removeChannel(channel)
  return reason
}

export const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms))

/** A user token signed with the project secret, as Auth would issue it. */
export const userToken = (sub: string, expiresInSeconds = 3600, claims: Record<string, unknown> = {}) =>
  signAccessToken(stackEnv().jwtSecret, sub, claims, expiresInSeconds)

/** An anon-key client whose realtime connection acts as `token`. */
export async function clientAs(token: string): Promise<SupabaseClient> {
  const c = anonClient()
  await c.realtime.setAuth(token)
  return c
}

/**
 * A published table whose rows each belong to a user (`owner`), readable by their owner only
 * (RLS), and not at all by anon: `column` is one more text column.
 */
export async function createOwnedTable(table: string, column: string): Promise<void> {
  await sql().query(`
    drop table if exists public.${table};
    create table public.${table} (id bigint primary key, owner uuid not null, ${column} text);
    alter table public.${table} enable row level security;
    revoke all on public.${table} from anon;
    grant select on public.${table} to authenticated;
    create policy own on public.${table} for select to authenticated using (owner = (select auth.uid()));
    alter publication supabase_realtime add table public.${table};
  `)
}
