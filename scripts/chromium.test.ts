// Where `npm test` gets its browser: the decision for every kind of machine, the lookup, and
// the install path run for real as a process, with a stand-in apt-get on a search path of its own.
import { execFile } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type BrowserFacts, findOnPath, planBrowser } from './chromium.ts'
import { ROOT, bin } from './run.ts'

const none: BrowserFacts = { overrideRuns: false, isRoot: false, isDebian: false }

describe('planBrowser', () => {
  it('CHROMIUM_PATH wins over everything when it runs, and stops the run when it does not', () => {
    expect(
      planBrowser({ ...none, override: '/opt/c', overrideRuns: true, found: '/usr/bin/chromium' }),
    ).toEqual({ action: 'use', path: '/opt/c', source: 'CHROMIUM_PATH' })
    const broken = planBrowser({ ...none, override: '/opt/c', isRoot: true, isDebian: true })
    expect(broken).toMatchObject({ action: 'stop', reason: expect.stringContaining('CHROMIUM_PATH=/opt/c') })
  })

  it('a Chromium on the path, then Playwright’s own download, is used without installing', () => {
    const facts = { ...none, isRoot: true, isDebian: true }
    expect(planBrowser({ ...facts, found: '/usr/bin/chromium' })).toMatchObject({
      action: 'use',
      path: '/usr/bin/chromium',
    })
    expect(planBrowser({ ...facts, playwrights: '/root/.cache/ms-playwright/chrome' })).toMatchObject({
      action: 'use',
      path: '/root/.cache/ms-playwright/chrome',
    })
  })

  it('found nothing: root on Debian installs Debian’s package', () => {
    expect(planBrowser({ ...none, isRoot: true, isDebian: true })).toEqual({
      action: 'install',
      command: 'apt-get install chromium',
    })
  })

  it('found nothing: not root on Debian stops with the sudo command to run', () => {
    const plan = planBrowser({ ...none, isDebian: true })
    expect(plan.action).toBe('stop')
    expect(plan).toMatchObject({ reason: expect.stringContaining('sudo apt-get install chromium') })
  })

  it('found nothing: not Debian stops naming CHROMIUM_PATH, root or not', () => {
    for (const isRoot of [true, false]) {
      const plan = planBrowser({ ...none, isRoot })
      expect(plan).toMatchObject({ action: 'stop', reason: expect.stringContaining('not a Debian machine') })
      expect(plan).toMatchObject({ reason: expect.stringContaining('CHROMIUM_PATH=') })
    }
  })
})

describe('the browser lookup and install, as a process', () => {
  let dir: string
  let searchDir: string
  let fakeBin: string

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'chromium-test-'))
    searchDir = path.join(dir, 'search')
    fakeBin = path.join(dir, 'fake-bin')
    await mkdir(searchDir)
    await mkdir(fakeBin)
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  /** A stand-in apt-get: logs its arguments; `install` puts a `chromium` on the search path. */
  async function fakeAptGet(failOn?: string) {
    const script = `#!/bin/sh
echo "$*" >> "${dir}/apt.log"
${failOn ? `case "$1" in ${failOn}) echo "E: Could not connect to the mirror" >&2; exit 100;; esac` : ''}
if [ "$1" = install ]; then printf '#!/bin/sh\\necho fake chromium\\n' > "${searchDir}/chromium"; chmod +x "${searchDir}/chromium"; fi
`
    await writeFile(path.join(fakeBin, 'apt-get'), script)
    await chmod(path.join(fakeBin, 'apt-get'), 0o755)
  }

  async function run(script: string, extraEnv: Record<string, string> = {}) {
    const { CHROMIUM_PATH: _unset, ...inherited } = process.env
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      PATH: `${fakeBin}${path.delimiter}${process.env.PATH}`,
      CHROMIUM_SEARCH_PATH: searchDir,
      PLAYWRIGHT_BROWSERS_PATH: path.join(dir, 'no-playwright-browsers'),
      ...extraEnv,
    }
    try {
      const { stdout, stderr } = await promisify(execFile)(bin('tsx'), [script], { cwd: ROOT, env })
      return { code: 0, stdout, stderr }
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string }
      return { code: e.code, stdout: e.stdout, stderr: e.stderr }
    }
  }

  const apt = () => readFile(path.join(dir, 'apt.log'), 'utf8').catch(() => '')
  const asRoot = process.getuid?.() === 0

  it('finds an executable on the search path and ignores a file that is not one', async () => {
    const other = path.join(dir, 'other')
    await mkdir(other)
    await writeFile(path.join(searchDir, 'chromium'), 'not executable')
    await writeFile(path.join(other, 'chromium'), '#!/bin/sh\n')
    await chmod(path.join(other, 'chromium'), 0o755)
    expect(findOnPath(['chromium'], [searchDir, other])).toBe(path.join(other, 'chromium'))
    expect(findOnPath(['chromium'], [searchDir])).toBeUndefined()
  })

  it('with no Chromium: says it installs Debian’s, runs apt-get update then install, and uses it', async () => {
    await fakeAptGet()
    const r = await run('scripts/chromium.ts')
    if (asRoot) {
      expect(r.code).toBe(0)
      expect(r.stdout).toContain("installing Chromium from Debian's packages")
      expect(r.stdout).toContain(`Chromium: ${searchDir}/chromium (installed from Debian's packages)`)
      expect((await apt()).trim().split('\n')).toEqual([
        'update -qq -o DPkg::Lock::Timeout=120',
        'install -y -qq -o DPkg::Lock::Timeout=120 chromium',
      ])
    } else {
      expect(r.code).toBe(1)
      expect(r.stderr.trim()).toContain('sudo apt-get install chromium')
      expect(await apt()).toBe('')
    }
  })

  it('an unreachable mirror stops with one line saying so', async () => {
    await fakeAptGet('update')
    const r = await run('scripts/chromium.ts')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(
      asRoot ? '`apt-get update` failed (exit 100)' : 'sudo apt-get install chromium',
    )
  })

  it('a Chromium already there is used as it is: apt-get never runs', async () => {
    await fakeAptGet()
    await writeFile(path.join(searchDir, 'chromium'), '#!/bin/sh\n')
    await chmod(path.join(searchDir, 'chromium'), 0o755)
    const r = await run('scripts/chromium.ts')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`Chromium: ${searchDir}/chromium (found on the search path)`)
    expect(await apt()).toBe('')
  })

  it('npm test with a broken CHROMIUM_PATH stops before running anything, in one line', async () => {
    await fakeAptGet()
    const r = await run('scripts/test.ts', { CHROMIUM_PATH: path.join(dir, 'missing-chrome') })
    expect(r.code).toBe(1)
    expect(r.stderr.trim().split('\n')).toEqual([
      `CHROMIUM_PATH=${path.join(dir, 'missing-chrome')} is not an executable file: point it at a Chromium or Chrome binary, or unset it.`,
    ])
    expect(r.stdout).not.toContain('typecheck')
    expect(await apt()).toBe('')
  })
})
