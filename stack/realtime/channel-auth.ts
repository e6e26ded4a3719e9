// Realtime Authorization: what RLS on realtime.messages lets a token do on a private topic,
// asked of the database in one call (realtime.authorize, rolled back) as Supabase does.
import type pg from 'pg'
import type { VerifiedToken } from '../shared/jwt.ts'
import type { Policies } from './members.ts'

export type Extension = 'broadcast' | 'presence'

export interface AccessCheck {
  role: string
  /** The channel name without `realtime:`: what realtime.topic() returns to policies. */
  topic: string
  claims: VerifiedToken['claims']
}

/** The reason Supabase Realtime gives when a private join is refused. */
export const readRefusal = (topic: string) =>
  `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`
/** The system message that ends a channel whose new token lost the right to read. */
export const readRevoked = (topic: string) =>
  `You no longer have permission to read from this Channel topic: ${topic}`

export function createChannelAuth(pool: pg.Pool) {
  async function authorize(c: AccessCheck, read: Extension[], write: Extension[]) {
    const { rows } = await pool.query<{ read_allowed: boolean[]; write_allowed: boolean[] }>(
      'select read_allowed, write_allowed from realtime.authorize($1, $2, $3, $4, $5, $6, $7)',
      [c.role, c.topic, JSON.stringify(c.claims), c.claims.sub ?? '', '{}', read, write],
    )
    return rows[0]!
  }

  return {
    /** Read rights, asked at join and again whenever the token changes. */
    async readPolicies(c: AccessCheck): Promise<Policies> {
      const { read_allowed: r } = await authorize(c, ['broadcast', 'presence'], [])
      return { broadcast: { read: r[0]! }, presence: { read: r[1]! } }
    },
    /** Whether the token may send (broadcast) or track (presence) on the topic. */
    async mayWrite(c: AccessCheck, ext: Extension): Promise<boolean> {
      const { write_allowed: w } = await authorize(c, [], [ext])
      return w[0]!
    },
  }
}

export type ChannelAuth = ReturnType<typeof createChannelAuth>

/** A join is refused unless RLS lets the token read broadcast or presence. */
export const mayJoin = (p: Policies) => p.broadcast.read || p.presence.read

/** Read rights the token had and the new one lacks: the channel must end. */
export const readRevokedBy = (before: Policies, after: Policies) =>
  (before.broadcast.read && !after.broadcast.read) || (before.presence.read && !after.presence.read)
