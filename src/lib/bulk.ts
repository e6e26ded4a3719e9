// A bulk move's answer (public.move_orders), one row per order, in plain words.
import type { Database } from './database.types'

export type MoveResult = Database['public']['Functions']['move_orders']['Returns'][number]
export type MoveOutcome = 'moved' | 'stale' | 'not_allowed' | 'not_found'

export const OUTCOME_LABELS: Record<MoveOutcome, string> = {
  moved: 'Moved',
  not_allowed: 'Not allowed',
  stale: 'Changed by someone else',
  not_found: 'Not found',
}

/** Badge colours with AA contrast against their text. */
export const OUTCOME_VARIANTS: Record<MoveOutcome, string> = {
  moved: 'success',
  not_allowed: 'danger',
  stale: 'warning',
  not_found: 'secondary',
}

const ORDER: MoveOutcome[] = ['moved', 'not_allowed', 'stale', 'not_found']

/** "3 moved, 1 not allowed, 1 changed by someone else": every outcome that occurred, counted. */
export function summarizeMoves(results: Pick<MoveResult, 'outcome'>[]): string {
  const parts = ORDER.map((o) => [o, results.filter((r) => r.outcome === o).length] as const)
    .filter(([, n]) => n > 0)
    .map(([o, n]) => `${n} ${OUTCOME_LABELS[o].toLowerCase()}`)
  return parts.length ? parts.join(', ') : 'Nothing was moved'
}
