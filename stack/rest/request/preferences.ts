// The Prefer header (RFC 7240) as PostgREST reads it: first value of each preference wins,
// anything unknown is collected so `handling=strict` can refuse it (PGRST122).
export interface Preferences {
  resolution?: 'merge-duplicates' | 'ignore-duplicates'
  representation?: 'representation' | 'minimal' | 'headers-only'
  params?: 'single-object'
  count?: 'exact' | 'planned' | 'estimated'
  transaction?: 'commit' | 'rollback'
  missing?: 'default' | 'null'
  handling?: 'strict' | 'lenient'
  timezone?: string
  maxAffected?: number
  invalid: string[]
}

const KNOWN: Record<string, Array<[keyof Preferences, string]>> = {
  resolution: [
    ['resolution', 'merge-duplicates'],
    ['resolution', 'ignore-duplicates'],
  ],
  return: [
    ['representation', 'representation'],
    ['representation', 'minimal'],
    ['representation', 'headers-only'],
  ],
  params: [['params', 'single-object']],
  count: [
    ['count', 'exact'],
    ['count', 'planned'],
    ['count', 'estimated'],
  ],
  tx: [
    ['transaction', 'commit'],
    ['transaction', 'rollback'],
  ],
  missing: [
    ['missing', 'default'],
    ['missing', 'null'],
  ],
  handling: [
    ['handling', 'strict'],
    ['handling', 'lenient'],
  ],
}

/** `timezones`: the names Postgres knows (pg_timezone_names); others are invalid. */
export function parsePreferences(headers: string[], timezones: ReadonlySet<string>): Preferences {
  const prefs: Preferences = { invalid: [] }
  const set = prefs as unknown as Record<string, unknown>
  const items = headers.flatMap((h) => h.split(',')).map((p) => p.trim())
  for (const item of items.filter(Boolean)) {
    const eq = item.indexOf('=')
    const name = eq < 0 ? item : item.slice(0, eq)
    const value = eq < 0 ? '' : item.slice(eq + 1)
    const known = KNOWN[name]?.find(([, v]) => v === value)
    if (known) set[known[0]] ??= known[1]
    else if (name === 'timezone' && timezones.has(value)) prefs.timezone ??= value
    else if (name === 'max-affected' && /^-?\d+$/.test(value)) prefs.maxAffected ??= Number(value)
    else prefs.invalid.push(item)
  }
  return prefs
}

export const shouldCount = (p: Preferences) => p.count === 'exact' || p.count === 'estimated'

/** Preference-Applied: the preferences honoured, in PostgREST's order. */
export function appliedHeader(p: Partial<Preferences>): string | undefined {
  const values = [
    p.resolution && `resolution=${p.resolution}`,
    p.missing && `missing=${p.missing}`,
    p.representation && `return=${p.representation}`,
    p.params && `params=${p.params}`,
    p.count && `count=${p.count}`,
    p.transaction && `tx=${p.transaction}`,
    p.handling && `handling=${p.handling}`,
    p.timezone && `timezone=${p.timezone}`,
    p.handling === 'strict' && p.maxAffected !== undefined && `max-affected=${p.maxAffected}`,
  ].filter(Boolean)
  return values.length ? values.join(', ') : undefined
}
