// Realtime test helpers: subscribe and wait, collect events, mint user tokens.
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js'
import { SignJWT } from 'jose'
import { anonClient, stackEnv } from '../../support/clients.ts'

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
export function userToken(
  sub: string,
  expiresInSeconds = 3600,
  claims: Record<string, unknown> = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({
    sub,
    role: 'authenticated',
    aud: 'authenticated',
    session_id: crypto.randomUUID(),
    ...claims,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInSeconds)
    .sign(new TextEncoder().encode(stackEnv().jwtSecret))
}

/** An anon-key client whose realtime connection acts as `token`. */
export async function clientAs(token: string): Promise<SupabaseClient> {
  const c = anonClient()
  await c.realtime.setAuth(token)
  return c
}
