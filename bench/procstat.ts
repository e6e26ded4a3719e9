// CPU time and memory of a process and all its descendants, read from /proc (Linux). The
// stack process, its Postgres and its Deno together are "the server". Memory is the sum of
// proportional set sizes (PSS): Postgres backends share their buffers, and summing their
// resident sizes would count that memory once per backend.
import { readFile, readdir } from 'node:fs/promises'
import { sysconf } from './sysconf.ts'

interface ProcInfo {
  pid: number
  ppid: number
  cpuTicks: number
  rssPages: number
}

async function readPss(pid: number): Promise<number | undefined> {
  try {
    const m = (await readFile(`/proc/${pid}/smaps_rollup`, 'utf8')).match(/^Pss:\s+(\d+) kB/m)
    return m ? Number(m[1]) : undefined
  } catch {
    return undefined
  }
}

async function readProc(pid: number): Promise<ProcInfo | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    // The command name may contain spaces: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return {
      pid,
      ppid: Number(fields[1]),
      // utime + stime, plus cutime + cstime: exited children (Postgres backends) keep counting.
      cpuTicks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
      rssPages: Number(fields[21]),
    }
  } catch {
    return undefined
  }
}

async function processTree(root: number): Promise<ProcInfo[]> {
  const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d)).map(Number)
  const all = (await Promise.all(pids.map(readProc))).filter((p): p is ProcInfo => !!p)
  const children = new Map<number, ProcInfo[]>()
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p])
  const out: ProcInfo[] = []
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      out.push(c)
      walk(c.pid)
    }
  }
  const self = all.find((p) => p.pid === root)
  if (self) out.push(self)
  walk(root)
  return out
}

export interface TreeUsage {
  /** CPU seconds (user + system) used by the tree so far. */
  cpuSeconds: number
  /** Memory of the whole tree (PSS where readable, else resident), MiB. */
  rssMiB: number
}

export async function treeUsage(root: number): Promise<TreeUsage> {
  const { clockTicks, pageSize } = sysconf()
  const tree = await processTree(root)
  return {
    cpuSeconds: tree.reduce((s, p) => s + p.cpuTicks, 0) / clockTicks,
    rssMiB:
      (
        await Promise.all(tree.map(async (p) => (await readPss(p.pid)) ?? (p.rssPages * pageSize) / 1024))
      ).reduce((a, b) => a + b, 0) / 1024,
  }
}

/** Samples a tree while `work` runs: CPU used in that window (as % of one core) and peak RSS. */
export async function measureTree<T>(root: number, work: () => Promise<T>) {
  const before = await treeUsage(root)
  const startedAt = performance.now()
  let peakRss = before.rssMiB
  const timer = setInterval(() => {
    void treeUsage(root).then((u) => (peakRss = Math.max(peakRss, u.rssMiB)))
  }, 500)
  try {
    const result = await work()
    const after = await treeUsage(root)
    const seconds = (performance.now() - startedAt) / 1000
    return {
      result,
      cpuPercent: ((after.cpuSeconds - before.cpuSeconds) / seconds) * 100,
      peakRssMiB: Math.max(peakRss, after.rssMiB),
    }
  } finally {
    clearInterval(timer)
  }
}
