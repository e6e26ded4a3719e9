// The one quoting helper every identifier in REST's SQL goes through, and the collector of
// bound parameters: values never enter SQL text.
/** `"name"`, with embedded quotes doubled and anything after a NUL dropped, as PostgREST does. */
export function qi(name: string): string {
  const nul = name.indexOf('\0')
  return `"${(nul >= 0 ? name.slice(0, nul) : name).replace(/"/g, '""')}"`
}

/** `"schema"."name"`, or just `"name"` when the schema is empty (aliases, CTEs). */
export const qrel = (schema: string, name: string) => (schema ? `${qi(schema)}.${qi(name)}` : qi(name))

/** Collects bound values; `add(v)` returns its placeholder. */
export class Params {
  readonly values: unknown[] = []
  add(v: unknown): string {
    this.values.push(v)
    return `$${this.values.length}`
  }
}
