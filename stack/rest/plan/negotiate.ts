// Content negotiation: the first media type in Accept that the API can produce, with how
// rows become the body; `vnd.pgrst.plan` only when db-plan-enabled is on (else PGRST107).
import { RestError } from '../errors.ts'
import { toMime, type MediaType } from '../request/media.ts'
import type { Negotiated } from './types.ts'

function produce(mt: MediaType, planEnabled: boolean): Negotiated | undefined {
  switch (mt.kind) {
    case 'json':
    case 'any':
      return { media: { kind: 'json' }, handler: 'json' }
    case 'csv':
      return { media: mt, handler: 'csv' }
    case 'object':
      return { media: mt, handler: mt.stripNulls ? 'object-stripped' : 'object' }
    case 'array-stripped':
      return { media: mt, handler: 'array-stripped' }
    case 'plan': {
      if (!planEnabled) return undefined
      const inner = produce(mt.for, planEnabled)
      return inner && mt.for.kind !== 'plan' ? { media: mt, handler: inner.handler } : undefined
    }
    default:
      return undefined
  }
}

export function negotiate(
  accept: MediaType[],
  o: { planEnabled: boolean; representation: boolean },
): Negotiated {
  for (const mt of accept) {
    const found = produce(mt, o.planEnabled)
    if (found) return o.representation ? found : { ...found, handler: 'none' }
  }
  throw new RestError(
    406,
    'PGRST107',
    `None of these media types are available: ${accept.map(toMime).join(', ')}`,
  )
}

export const isSingular = (n: Negotiated) => n.media.kind === 'object'
export const isPlan = (n: Negotiated) => n.media.kind === 'plan'
