// `npx tsx bench/profile.ts <file.cpuprofile> [top]`: a V8 CPU profile (node --cpu-prof,
// e.g. from BENCH_STACK_CPU_PROF) summarised in the terminal: self time by function and by
// file or package, as shares of the busy (non-idle) time.
import { readFileSync } from 'node:fs'

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: Node[]
  samples: number[]
  timeDeltas: number[]
}

const [file, topArg] = process.argv.slice(2)
if (!file) {
  console.error('usage: npx tsx bench/profile.ts <file.cpuprofile> [top]')
  process.exit(2)
}
const top = Number(topArg ?? 30)
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const self = new Map<number, number>()
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))

/** node_modules/<pkg> or the file's path below the project, else the V8 category. */
function place(url: string): string {
  if (!url) return '(native)'
  const nm = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)
  if (nm) return nm[1]!
  if (url.startsWith('node:')) return url
  return url.replace(/^file:\/\/.*?\/(stack|bench|tests)\//, '$1/')
}

const fns = new Map<string, number>()
const places = new Map<string, number>()
let busy = 0
let idle = 0
for (const [id, us] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame
  if (functionName === '(idle)') {
    idle += us
    continue
  }
  busy += us
  const fn = `${functionName || '(anonymous)'} ${place(url)}:${lineNumber + 1}`
  fns.set(fn, (fns.get(fn) ?? 0) + us)
  const p = functionName.startsWith('(') ? functionName : place(url)
  places.set(p, (places.get(p) ?? 0) + us)
}

const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)}%`
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`)
  for (const [k, us] of [...m].toSorted((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${k}`)
}
console.log(`busy ${(busy / 1e6).toFixed(1)} s, idle ${(idle / 1e6).toFixed(1)} s`)
show('self time by file or package', places)
show('self time by function', fns)
