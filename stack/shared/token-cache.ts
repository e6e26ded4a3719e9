// A least-recently-used cache of verified tokens bounded by bytes, not by count: clients
// choose how long a token is (realtime frames reach megabytes), so a count alone bounds nothing.
export interface TokenCacheOptions {
  /** Total bytes the cache may hold (keys and values, estimated). */
  maxBytes: number
  /** Tokens longer than this are verified every time and never kept. */
  maxEntryBytes: number
}

export interface TokenCache<V> {
  get(token: string): V | undefined
  set(token: string, value: V, valueBytes: number): void
  delete(token: string): void
  stats(): { entries: number; bytes: number }
}

// Map bookkeeping per entry, so tiny tokens still count for something.
const ENTRY_OVERHEAD = 96

export function createTokenCache<V>(o: TokenCacheOptions): TokenCache<V> {
  const entries = new Map<string, { value: V; bytes: number }>()
  let bytes = 0

  function remove(token: string): void {
    const e = entries.get(token)
    if (!e) return
    entries.delete(token)
    bytes -= e.bytes
  }

  return {
    get(token) {
      const e = entries.get(token)
      if (!e) return undefined
      // Re-insert: a Map iterates in insertion order, so the oldest use comes first.
      entries.delete(token)
      entries.set(token, e)
      return e.value
    },
    set(token, value, valueBytes) {
      const cost = token.length + valueBytes + ENTRY_OVERHEAD
      if (token.length > o.maxEntryBytes || cost > o.maxBytes) return
      remove(token)
      while (bytes + cost > o.maxBytes) remove(entries.keys().next().value!)
      entries.set(token, { value, bytes: cost })
      bytes += cost
    },
    delete: remove,
    stats: () => ({ entries: entries.size, bytes }),
  }
}
