// A throw-away stack on the project with an edited supabase/config.toml (e.g. another Auth
// setting): the project's migrations, seed and functions, read through links, in a temp root.
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { stackEnvOf, type StackEnv } from './stack-env.ts'

const root = path.resolve(import.meta.dirname, '../..')

export interface CopiedStack {
  env: StackEnv
  stop(): Promise<void>
}

/** Starts a stack whose config.toml is the project's after `edit`. */
export async function startStackWithConfig(edit: (toml: string) => string): Promise<CopiedStack> {
  const { startStack } = await import('../../stack/stack.ts')
  const { freePort } = await import('../../stack/ports.ts')
  const copy = await mkdtemp(path.join(tmpdir(), 'realtime-orders-config-'))
  await chmod(copy, 0o755) // the data folder inside must be reachable by the postgres user
  await mkdir(path.join(copy, 'supabase'))
  for (const part of ['migrations', 'seed.sql', 'functions'])
    await symlink(path.join(root, 'supabase', part), path.join(copy, 'supabase', part))
  for (const part of ['node_modules', 'stack']) await symlink(path.join(root, part), path.join(copy, part))
  const toml = edit(await readFile(path.join(root, 'supabase/config.toml'), 'utf8'))
  await writeFile(path.join(copy, 'supabase/config.toml'), toml)
  const dataDir = path.join(copy, '.stack')
  const ports = { api: await freePort(), db: await freePort(), mail: await freePort() }
  const stack = await startStack({ root: copy, dataDir, ports, ephemeral: true, onProgress: () => {} })
  return {
    env: stackEnvOf(stack, dataDir),
    async stop() {
      await stack.stop()
      await rm(copy, { recursive: true, force: true })
    },
  }
}

/** Sets `key = value` in a `[section]` of a TOML text (the key must be there already). */
export function setTomlValue(toml: string, section: string, key: string, value: string): string {
  const start = toml.indexOf(`\n[${section}]\n`)
  if (start < 0) throw new Error(`no [${section}] in config.toml`)
  const next = toml.indexOf('\n[', start + 1)
  const end = next < 0 ? toml.length : next
  const body = toml.slice(start, end)
  const line = new RegExp(`^${key} = .*$`, 'm')
  if (!line.test(body)) throw new Error(`no ${key} in [${section}]`)
  return toml.slice(0, start) + body.replace(line, `${key} = ${value}`) + toml.slice(end)
}
