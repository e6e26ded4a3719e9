// Go duration strings as config.toml writes them for GoTrue ("1s", "60s", "1m30s", "500ms").
const UNIT_MS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 1e-6,
}

export function parseDuration(text: string): number {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)]
  if (!parts.length || parts.map((p) => p[0]).join('') !== text.trim())
    throw new Error(`"${text}" is not a duration (e.g. "1s", "60s", "1m30s")`)
  return parts.reduce((ms, p) => ms + Number(p[1]) * UNIT_MS[p[2]!]!, 0)
}
