// Typed reads of a parsed TOML table, each with the default the Supabase CLI uses.
export type Toml = Record<string, unknown>

export const table = (t: Toml | undefined, key: string): Toml => (t?.[key] as Toml) ?? {}
export const num = (v: unknown, d: number): number => (typeof v === 'number' ? v : d)
export const bool = (v: unknown, d: boolean): boolean => (typeof v === 'boolean' ? v : d)
export const str = (v: unknown, d: string): string => (typeof v === 'string' ? v : d)
export const strs = (v: unknown, d: string[]): string[] => (Array.isArray(v) ? v.map(String) : d)

/** `over` laid on `base`, table by table (tests set single keys this way). */
export function overlay(base: Toml, over: Toml): Toml {
  const out: Toml = { ...base }
  for (const [k, v] of Object.entries(over)) {
    const b = out[k]
    const bothTables = v && b && typeof v === 'object' && typeof b === 'object' && !Array.isArray(v)
    out[k] = bothTables ? overlay(b as Toml, v as Toml) : v
  }
  return out
}
