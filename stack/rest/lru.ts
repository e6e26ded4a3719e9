// A least-recently-used map bounded by bytes, not entries: an entry's cost is what the
// caller says it weighs, so many small or few huge entries fit the same budget.
export class ByteLru<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>()
  private used = 0

  constructor(
    readonly maxBytes: number,
    /** Entries above this share of the budget are not kept at all. */
    private readonly maxEntryShare = 0.125,
  ) {}

  get bytes(): number {
    return this.used
  }
  get size(): number {
    return this.entries.size
  }

  get(key: string): V | undefined {
    const hit = this.entries.get(key)
    if (!hit) return undefined
    this.entries.delete(key)
    this.entries.set(key, hit)
    return hit.value
  }

  set(key: string, value: V, bytes: number): void {
    this.delete(key)
    const cost = bytes + key.length
    if (cost > this.maxBytes * this.maxEntryShare) return
    while (this.used + cost > this.maxBytes) {
      const [oldest] = this.entries.keys()
      this.delete(oldest!)
    }
    this.entries.set(key, { value, bytes: cost })
    this.used += cost
  }

  delete(key: string): void {
    const hit = this.entries.get(key)
    if (!hit) return
    this.entries.delete(key)
    this.used -= hit.bytes
  }

  clear(): void {
    this.entries.clear()
    this.used = 0
  }
}
