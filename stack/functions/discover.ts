// Which functions exist: every <dir>/<name>/index.ts, skipping `_shared`-style and hidden
// folders; an earlier folder wins a name clash.
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'

export function discoverFunctions(dirs: string[]): Record<string, string> {
  const found: Record<string, string> = {}
  for (const dir of dirs) {
    if (!existsSync(dir)) continue
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('_') || entry.name.startsWith('.')) continue
      const index = path.join(dir, entry.name, 'index.ts')
      if (existsSync(index) && !(entry.name in found)) found[entry.name] = index
    }
  }
  return found
}
