// Media types as PostgREST knows them: what Accept asks for and Content-Type sends,
// including the vendored ones (`vnd.pgrst.object+json`, `vnd.pgrst.plan`...).
export type PlanOption = 'analyze' | 'verbose' | 'settings' | 'buffers' | 'wal'

export type MediaType =
  | { kind: 'json' }
  | { kind: 'geojson' }
  | { kind: 'csv' }
  | { kind: 'text' }
  | { kind: 'xml' }
  | { kind: 'openapi' }
  | { kind: 'form' }
  | { kind: 'octet' }
  | { kind: 'any' }
  | { kind: 'other'; mime: string }
  | { kind: 'array-stripped' }
  | { kind: 'object'; stripNulls: boolean }
  | { kind: 'plan'; for: MediaType; format: 'json' | 'text'; options: PlanOption[] }

const SIMPLE: Record<string, MediaType> = {
  'application/json': { kind: 'json' },
  'application/geo+json': { kind: 'geojson' },
  'text/csv': { kind: 'csv' },
  'text/plain': { kind: 'text' },
  'text/xml': { kind: 'xml' },
  'application/openapi+json': { kind: 'openapi' },
  'application/x-www-form-urlencoded': { kind: 'form' },
  'application/octet-stream': { kind: 'octet' },
  '*/*': { kind: 'any' },
}
/** Each simple kind's MIME type (the first listed for it). */
const MIME_OF = new Map<string, string>()
for (const [mime, mt] of Object.entries(SIMPLE)) if (!MIME_OF.has(mt.kind)) MIME_OF.set(mt.kind, mime)
const PLAN_OPTIONS: PlanOption[] = ['analyze', 'verbose', 'settings', 'buffers', 'wal']

export function decodeMediaType(raw: string): MediaType {
  const [type = '', ...params] = raw.split(';').map((p) => p.trim())
  const base = type.toLowerCase()
  if (SIMPLE[base]) return SIMPLE[base]
  const stripped = params.length === 1 && params[0] === 'nulls=stripped'
  if (base === 'application/vnd.pgrst.object+json' || base === 'application/vnd.pgrst.object')
    return { kind: 'object', stripNulls: stripped }
  if (base === 'application/vnd.pgrst.array+json' || base === 'application/vnd.pgrst.array')
    return stripped ? { kind: 'array-stripped' } : { kind: 'json' }
  const plan = base.match(/^application\/vnd\.pgrst\.plan(\+(json|text))?$/)
  if (plan) {
    const param = (name: string) => params.find((p) => p.startsWith(`${name}=`))?.slice(name.length + 1)
    const opts = (param('options') ?? '').split('|')
    const forType = param('for')?.replace(/^"|"$/g, '')
    return {
      kind: 'plan',
      for: forType ? decodeMediaType(forType) : { kind: 'json' },
      format: plan[2] === 'json' ? 'json' : 'text',
      options: PLAN_OPTIONS.filter((o) => opts.includes(o)),
    }
  }
  return base ? { kind: 'other', mime: base } : { kind: 'any' }
}

/** Accept, most preferred first (by q, then as listed); none means anything. */
export function parseAccept(header: string | undefined): MediaType[] {
  if (!header?.trim()) return [{ kind: 'any' }]
  const ranked = header
    .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((part, i) => {
      const q = part.match(/;\s*q=([0-9.]+)/)
      return { part: part.replace(/;\s*q=[0-9.]+/, ''), q: q ? Number(q[1]) : 1, i }
    })
    .filter((m) => m.part.trim() && m.q > 0)
    .toSorted((a, b) => b.q - a.q || a.i - b.i)
  return ranked.map((m) => decodeMediaType(m.part))
}

export function toMime(mt: MediaType): string {
  switch (mt.kind) {
    case 'array-stripped':
      return 'application/vnd.pgrst.array+json;nulls=stripped'
    case 'object':
      return `application/vnd.pgrst.object+json${mt.stripNulls ? ';nulls=stripped' : ''}`
    case 'other':
      return mt.mime
    case 'plan':
      return (
        `application/vnd.pgrst.plan+${mt.format}; for="${toMime(mt.for)}"` +
        (mt.options.length ? `; options=${mt.options.join('|')}` : '')
      )
    default:
      return MIME_OF.get(mt.kind)!
  }
}

/** The Content-Type header PostgREST sends for a media type. */
export function contentTypeOf(mt: MediaType): string {
  return mt.kind === 'octet' || mt.kind === 'other' ? toMime(mt) : `${toMime(mt)}; charset=utf-8`
}
