// A production build of the app into a temp folder, for the front-end weights.
import { execFile } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

export async function buildApp(root: string): Promise<string> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'bench-dist-'))
  await promisify(execFile)(
    path.join(root, 'node_modules/.bin/vite'),
    ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    },
  )
  return outDir
}
