// Merging rows that arrive from fetches and from Realtime in any order: by id, never going
// back to an older `version` (or `updated_at` for rows without one).

type Versioned = { version?: number; updated_at?: string }

/** Keeps whichever copy of a row is newer; a newer partial change is laid over the current row. */
export function newer<T extends Versioned>(current: T | undefined, incoming: T): T {
  if (!current) return incoming
  if (incoming.version !== undefined && current.version !== undefined)
    return incoming.version >= current.version ? { ...current, ...incoming } : current
  return (incoming.updated_at ?? '') >= (current.updated_at ?? '') ? { ...current, ...incoming } : current
}

/**
 * A fetched list in the server's order, each row kept at the newer of its fetched copy and
 * the one already shown (a change heard while the fetch was on its way is not undone).
 */
export function mergeList<T extends Versioned & { id: string }>(
  shown: readonly T[],
  fetched: readonly T[],
): T[] {
  const byId = new Map(shown.map((r) => [r.id, r]))
  return fetched.map((r) => newer(byId.get(r.id), r))
}

/**
 * A change heard live, applied to a list: merged into its row when shown (by version),
 * added when `insert` says so, else the list as it was. Returns a new array when it changed.
 */
export function mergeChange<T extends Versioned & { id: string }>(
  list: readonly T[],
  change: Partial<T> & { id: string },
  insert?: 'start' | 'end',
): T[] {
  const i = list.findIndex((r) => r.id === change.id)
  if (i < 0) {
    if (!insert) return list as T[]
    const row = change as T
    return insert === 'start' ? [row, ...list] : [...list, row]
  }
  const merged = newer(list[i], { ...list[i]!, ...change })
  if (merged === list[i]) return list as T[]
  return list.map((r, j) => (j === i ? merged : r))
}
