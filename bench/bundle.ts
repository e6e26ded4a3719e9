// Front-end weight: gzip bytes of the JS and CSS each route loads first, read from the
// production build's manifest (entry chunk + the route's lazy chunk + their static imports).
import { readFile } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import path from 'node:path'
import type { Section } from './stats.ts'

interface ManifestChunk {
  file: string
  isEntry?: boolean
  isDynamicEntry?: boolean
  imports?: string[]
  css?: string[]
  src?: string
}
type Manifest = Record<string, ManifestChunk>

function closure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen
  seen.add(key)
  for (const dep of manifest[key]?.imports ?? []) closure(manifest, dep, seen)
  return seen
}

async function gzipBytes(dist: string, files: Iterable<string>): Promise<number> {
  let total = 0
  for (const f of files) total += gzipSync(await readFile(path.join(dist, f)), { level: 9 }).length
  return total
}

export interface RouteWeight {
  route: string
  jsGzip: number
  cssGzip: number
}

export async function measureRoutes(dist: string): Promise<RouteWeight[]> {
  const manifest = JSON.parse(await readFile(path.join(dist, '.vite/manifest.json'), 'utf8')) as Manifest
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)
  if (!entry) throw new Error('no entry chunk in the Vite manifest')
  const views = Object.keys(manifest).filter((k) => manifest[k]!.isDynamicEntry && /views\//.test(k))
  const out: RouteWeight[] = []
  for (const view of views) {
    const keys = new Set([...closure(manifest, entry), ...closure(manifest, view)])
    const js = [...keys].map((k) => manifest[k]!.file)
    const css = [...keys].flatMap((k) => manifest[k]!.css ?? [])
    out.push({
      route: path.basename(view).replace(/\.vue$/, ''),
      jsGzip: await gzipBytes(dist, new Set(js)),
      cssGzip: await gzipBytes(dist, new Set(css)),
    })
  }
  return out.sort((a, b) => a.route.localeCompare(b.route))
}

/** Initial JS budgets in kB gzip (e2e/bundle.spec.ts holds the build to them). */
const BUDGETS: Record<string, number> = { TrackerView: 120, DashboardView: 160 }

export async function benchBundle(dist: string): Promise<Section> {
  const routes = await measureRoutes(dist)
  return {
    title: 'Front-end: what each route loads first (production build, gzip -9)',
    figures: routes.flatMap((r) => [
      { name: `${r.route} JS`, unit: 'kB', samples: [r.jsGzip / 1024] },
      { name: `${r.route} CSS`, unit: 'kB', samples: [r.cssGzip / 1024] },
    ]),
    notes: routes
      .filter((r) => BUDGETS[r.route])
      .map(
        (r) =>
          `${r.route}: initial JS ${(r.jsGzip / 1024).toFixed(1)} kB gzip (budget ${BUDGETS[r.route]} kB).`,
      ),
  }
}
