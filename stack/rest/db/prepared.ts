// Named statements per connection, as PostgREST's db-prepared-statements: a request shape's
// SQL is parsed and planned once per connection, then only bound and executed. Each
// connection keeps at most COUNT statements and BYTES of SQL text; the least recently used
// is closed, so hostile request shapes cannot grow memory here or in Postgres.
export const COUNT = 200
export const BYTES = 2 * 1024 * 1024
/** Bigger statements are sent unnamed: rare shapes that would crowd the cache out. */
export const LARGEST = 64 * 1024

export class PreparedStatements {
  /** SQL text → statement name, oldest first. */
  private readonly names = new Map<string, string>()
  private bytes = 0
  private next = 0

  constructor(
    private readonly maxCount = COUNT,
    private readonly maxBytes = BYTES,
  ) {}

  get size(): { count: number; bytes: number } {
    return { count: this.names.size, bytes: this.bytes }
  }

  /** The name to run `text` under (undefined: too big), whether it is new (to be parsed)
   * and the names to close first. */
  use(text: string): { name?: string; isNew: boolean; evict: string[] } {
    const known = this.names.get(text)
    if (known) {
      this.names.delete(text)
      this.names.set(text, known)
      return { name: known, isNew: false, evict: [] }
    }
    if (text.length > LARGEST) return { isNew: true, evict: [] }
    const evict: string[] = []
    while (
      this.names.size &&
      (this.names.size >= this.maxCount || this.bytes + text.length > this.maxBytes)
    ) {
      const [oldest, name] = this.names.entries().next().value as [string, string]
      this.names.delete(oldest)
      this.bytes -= oldest.length
      evict.push(name)
    }
    const name = `pgrst_${++this.next}`
    this.names.set(text, name)
    this.bytes += text.length
    return { name, isNew: true, evict }
  }

  /** A statement whose exchange failed may not exist: parse it again (under a new name). */
  forget(text: string): void {
    if (this.names.delete(text)) this.bytes -= text.length
  }
}

const byConnection = new WeakMap<object, PreparedStatements>()

export function preparedFor(connection: object): PreparedStatements {
  let p = byConnection.get(connection)
  if (!p) byConnection.set(connection, (p = new PreparedStatements()))
  return p
}
