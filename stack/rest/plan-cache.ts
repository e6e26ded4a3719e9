// Reads of the same shape parse, plan and build to the same statements, so GET and HEAD
// keep the stages' result, keyed by everything it depends on (the URL, the headers that
// shape the answer, the schema and configuration generation). Bounded by bytes.
import type { IncomingMessage } from 'node:http'
import { ByteLru } from './lru.ts'
import type { ActionPlan } from './plan/plan.ts'
import type { Built } from './query/build.ts'
import type { ApiRequest } from './request/types.ts'

export const PLAN_CACHE_BYTES = 8 * 1024 * 1024

export interface Planned {
  req: ApiRequest
  action: ActionPlan
  built: Built
}

const SHAPING = ['accept', 'prefer', 'range', 'accept-profile'] as const

export function planKey(generation: number, http: IncomingMessage, path: string): string | undefined {
  if (http.method !== 'GET' && http.method !== 'HEAD') return undefined
  let key = `${generation}\u0000${http.method}\u0000${path}\u0000${http.url ?? ''}`
  for (const h of SHAPING) {
    const v = http.headers[h] ?? ''
    key += `\u0000${typeof v === 'string' ? v : v.join(',')}`
  }
  return key
}

/** An entry weighs roughly what it holds: the statements' text and values. */
export function weigh(p: Planned): number {
  const statements = [p.built.main, ...(p.built.planned ? [p.built.planned] : [])]
  return statements.reduce((n, s) => n + s.text.length + JSON.stringify(s.values).length, 1024)
}

export const createPlanCache = (bytes = PLAN_CACHE_BYTES) => new ByteLru<Planned>(bytes)
