// WAL text values to the JSON values Supabase Realtime sends (as Postgres's to_json would).
const NUMBER = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid'])

export function toJsonValue(text: string | null, type: string): unknown {
  if (text === null || text === undefined) return null
  if (NUMBER.has(type)) {
    const n = Number(text)
    return Number.isFinite(n) && (type !== 'int8' || Number.isSafeInteger(n)) ? n : text
  }
  if (type === 'bool') return text === 't'
  if (type === 'json' || type === 'jsonb') {
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }
  if (type === 'timestamptz') return text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')
  if (type === 'timestamp') return text.replace(' ', 'T')
  return text
}
