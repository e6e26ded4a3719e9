// "Perhaps you meant ...": the closest name by edit distance, as PostgREST's fuzzy hints.
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    prev = row
  }
  return prev[b.length]!
}

export const similarity = (a: string, b: string) =>
  1 - distance(a.toLowerCase(), b.toLowerCase()) / Math.max(a.length, b.length, 1)

/** The most similar candidate scoring at least `min`; `notExact` skips a perfect match. */
export function closest(
  name: string,
  candidates: string[],
  notExact = false,
  min = 0.33,
): string | undefined {
  let best: { c: string; s: number } | undefined
  for (const c of candidates) {
    const s = similarity(name, c)
    if (s < min || (notExact && s >= 1)) continue
    if (!best || s > best.s) best = { c, s }
  }
  return best?.c
}
