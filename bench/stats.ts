// Percentiles and the report table shared by every benchmark.
export interface Figure {
  name: string
  unit: string
  samples: number[]
}

export interface Section {
  title: string
  figures: Figure[]
  /** Derived lines such as ratios against the baseline, in plain words. */
  notes: string[]
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]!
}

export function summarize(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b)
  return {
    n: s.length,
    min: s[0] ?? NaN,
    median: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
  }
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return '–'
  if (Math.abs(n) >= 100) return n.toFixed(0)
  if (Math.abs(n) >= 10) return n.toFixed(1)
  return n.toFixed(2)
}

export function ratio(a: number, b: number): string {
  return b === 0 || !Number.isFinite(a / b) ? '–' : `${(a / b).toFixed(2)}×`
}

export function markdownTable(section: Section): string {
  const lines = [
    `| figure | unit | n | min | median | p95 | p99 |`,
    `| --- | --- | ---: | ---: | ---: | ---: | ---: |`,
  ]
  for (const f of section.figures) {
    const s = summarize(f.samples)
    lines.push(
      `| ${f.name} | ${f.unit} | ${s.n} | ${fmt(s.min)} | ${fmt(s.median)} | ${fmt(s.p95)} | ${fmt(s.p99)} |`,
    )
  }
  return lines.join('\n')
}
