// Prints the sections as they finish and writes docs/benchmarks.md.
import { writeFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { markdownTable, summarize, fmt, type Section } from './stats.ts'
import type { Machine } from './machine.ts'

export function printSection(section: Section): void {
  console.log(`\n${section.title}`)
  for (const f of section.figures) {
    const s = summarize(f.samples)
    console.log(
      `  ${f.name.padEnd(58)} median ${fmt(s.median).padStart(8)} ${f.unit.padEnd(6)} p95 ${fmt(s.p95).padStart(8)}  p99 ${fmt(s.p99).padStart(8)}  (n=${s.n})`,
    )
  }
  for (const note of section.notes) console.log(`  → ${note}`)
}

export async function writeReport(
  file: string,
  opts: { machine: Machine; command: string; startedAt: Date; seconds: number; sections: Section[] },
): Promise<void> {
  const m = opts.machine
  const parts = [
    '# Benchmarks',
    '',
    `Written by \`${opts.command}\` on ${opts.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC in ${Math.round(opts.seconds)} s. ` +
      'Every figure below comes from that one run; re-run it to refresh this page. These machines are shared and noisy: ' +
      'read the ratios against the baselines measured in the same run rather than the absolute numbers.',
    '',
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.platform}; Node ${m.node}; PostgreSQL ${m.postgres}.`,
  ]
  for (const s of opts.sections) {
    parts.push('', `## ${s.title}`, '', markdownTable(s))
    if (s.notes.length) parts.push('', ...s.notes.map((n) => `- ${n}`))
  }
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, parts.join('\n') + '\n')
}
