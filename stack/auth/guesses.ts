// Wrong one-time codes per email address. GoTrue keeps no such count (only the per-address
// `token_verifications` limit), which leaves a 6-digit code open to guessing from many
// addresses; here the outstanding codes of an address die after a few wrong tries.
export const WRONG_CODES_ALLOWED = 5

export interface GuessCounter {
  /**
   * Counts one try at a code for `email` before it is checked, so parallel guesses count too.
   * Returns the tries left after this one, or -1 when none was left (refuse the code).
   */
  take(email: string): number
  /** A new code was sent, or the right one used: the tries start again. */
  reset(email: string): void
  size(): number
}

export function createGuessCounter(o: {
  limit?: number
  /** How long a count is kept: a code cannot outlive otp_expiry anyway. */
  ttlMs: number
  maxEntries?: number
  now?: () => number
}): GuessCounter {
  const limit = o.limit ?? WRONG_CODES_ALLOWED
  const maxEntries = o.maxEntries ?? 50_000
  const now = o.now ?? Date.now
  // Insertion order is the order of first tries, so the oldest counts come first.
  const counts = new Map<string, { since: number; tries: number }>()

  function forgetOld(t: number): void {
    for (const [email, c] of counts) {
      if (t - c.since < o.ttlMs) break
      counts.delete(email)
    }
  }

  return {
    take(email) {
      const key = email.toLowerCase()
      const t = now()
      forgetOld(t)
      let c = counts.get(key)
      if (!c) {
        if (counts.size >= maxEntries) counts.delete(counts.keys().next().value!)
        counts.set(key, (c = { since: t, tries: 0 }))
      }
      if (c.tries >= limit) return -1
      c.tries++
      return limit - c.tries
    },
    reset(email) {
      counts.delete(email.toLowerCase())
    },
    size: () => counts.size,
  }
}
