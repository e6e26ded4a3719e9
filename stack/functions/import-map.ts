// One import map for the local edge runtime: each function's own deno.json `imports`, scoped
// to that function's folder, as hosted Supabase bundles each function with its own deno.json.
// A bare specifier a function's deno.json does not map fails here as it would at deploy.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

export interface ImportMap {
  imports: Record<string, string>
  scopes: Record<string, Record<string, string>>
}

function ownImports(dir: string): Record<string, string> {
  const file = path.join(dir, 'deno.json')
  if (!existsSync(file)) return {}
  const config = JSON.parse(readFileSync(file, 'utf8')) as { imports?: Record<string, string> }
  const base = pathToFileURL(`${dir}/`)
  const out: Record<string, string> = {}
  for (const [key, target] of Object.entries(config.imports ?? {})) {
    out[key] = /^\.\.?\//.test(target) ? new URL(target, base).href : target
  }
  return out
}

/** `functions`: name → path of its index.ts (as discoverFunctions returns them). */
export function functionsImportMap(functions: Record<string, string>): ImportMap {
  const scopes: ImportMap['scopes'] = {}
  for (const index of Object.values(functions)) {
    const dir = path.dirname(path.resolve(index))
    const imports = ownImports(dir)
    if (Object.keys(imports).length) scopes[pathToFileURL(`${dir}/`).href] = imports
  }
  return { imports: {}, scopes }
}

/** Deno flags: no project config (package.json is the Node side's) and the scoped map. */
export function denoImportFlags(functions: Record<string, string>): string[] {
  const map = JSON.stringify(functionsImportMap(functions))
  return ['--no-config', `--import-map=data:application/json,${encodeURIComponent(map)}`]
}
