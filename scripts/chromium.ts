// The Chromium the browser tests drive: CHROMIUM_PATH, else one on the search path, else
// Playwright's own download; on a Debian machine run as root, Debian's package is installed
// (apt-get install chromium, about 15 s). Anywhere else it stops with one line saying what to do.
import { spawn } from 'node:child_process'
import { accessSync, constants, existsSync, statSync } from 'node:fs'
import path from 'node:path'

/** What the machine has; gathered by `browserFacts()`, decided on by `planBrowser()`. */
export interface BrowserFacts {
  /** CHROMIUM_PATH, when set. */
  override?: string
  overrideRuns: boolean
  /** The first Chromium or Chrome on the search path. */
  found?: string
  /** Playwright's own browser, where `npx playwright install` could download it. */
  playwrights?: string
  isRoot: boolean
  /** Debian or a derivative with apt-get on PATH. */
  isDebian: boolean
}

export type BrowserPlan =
  | { action: 'use'; path: string; source: string }
  | { action: 'install'; command: string }
  | { action: 'stop'; reason: string }

export const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome']
export const APT_INSTALL = 'apt-get install chromium'

export function planBrowser(f: BrowserFacts): BrowserPlan {
  if (f.override) {
    if (f.overrideRuns) return { action: 'use', path: f.override, source: 'CHROMIUM_PATH' }
    return {
      action: 'stop',
      reason: `CHROMIUM_PATH=${f.override} is not an executable file: point it at a Chromium or Chrome binary, or unset it.`,
    }
  }
  if (f.found) return { action: 'use', path: f.found, source: 'found on the search path' }
  if (f.playwrights) return { action: 'use', path: f.playwrights, source: "Playwright's own download" }
  if (f.isDebian && f.isRoot) return { action: 'install', command: APT_INSTALL }
  if (f.isDebian) {
    return {
      action: 'stop',
      reason:
        'The browser tests need Chromium and none is installed: run `sudo apt-get install chromium` ' +
        '(or set CHROMIUM_PATH to a Chromium or Chrome binary), then `npm test` again.',
    }
  }
  return {
    action: 'stop',
    reason:
      'The browser tests need Chromium and none is installed (this is not a Debian machine, so `npm test` ' +
      'cannot install it): install Chromium or Chrome with your package manager and set ' +
      'CHROMIUM_PATH=/path/to/chromium, then `npm test` again.',
  }
}

function runnable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return statSync(file).isFile()
  } catch {
    return false
  }
}

/** The search path: CHROMIUM_SEARCH_PATH (tests point it at a folder of their own), else PATH. */
export function searchPath(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.CHROMIUM_SEARCH_PATH ?? env.PATH ?? '/usr/bin:/usr/local/bin')
    .split(path.delimiter)
    .filter(Boolean)
}

export function findOnPath(names: string[], dirs: string[]): string | undefined {
  for (const dir of dirs) {
    for (const name of names) {
      const file = path.join(dir, name)
      if (runnable(file)) return file
    }
  }
  return undefined
}

async function playwrightsBrowser(): Promise<string | undefined> {
  const { chromium } = await import('@playwright/test')
  const file = chromium.executablePath()
  return existsSync(file) ? file : undefined
}

export async function browserFacts(env: NodeJS.ProcessEnv = process.env): Promise<BrowserFacts> {
  const override = env.CHROMIUM_PATH || undefined
  return {
    override,
    overrideRuns: override ? runnable(override) : false,
    found: findOnPath(BROWSER_NAMES, searchPath(env)),
    playwrights: await playwrightsBrowser(),
    isRoot: process.getuid?.() === 0,
    isDebian:
      existsSync('/etc/debian_version') && !!findOnPath(['apt-get'], (env.PATH ?? '').split(path.delimiter)),
  }
}

/** Runs a command quietly; resolves with its exit code and the tail of its output. */
function quietly(cmd: string, args: string[]): Promise<{ code: number; tail: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
    let out = ''
    const keep = (chunk: Buffer) => (out = (out + chunk.toString()).slice(-2000))
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('error', (err) => resolve({ code: 127, tail: err.message }))
    child.on('close', (code) =>
      resolve({ code: code ?? 1, tail: out.trim().split('\n').slice(-5).join('\n') }),
    )
  })
}

async function installFromDebian(): Promise<string | undefined> {
  console.log(`installing Chromium from Debian's packages (${APT_INSTALL}, about 15 s)…`)
  const apt = ['-qq', '-o', 'DPkg::Lock::Timeout=120']
  for (const args of [
    ['update', ...apt],
    ['install', '-y', ...apt, 'chromium'],
  ]) {
    const { code, tail } = await quietly('apt-get', args)
    if (code !== 0) {
      if (tail) console.error(tail)
      return `\`apt-get ${args[0]}\` failed (exit ${code}), so Chromium could not be installed: check that Debian's package mirror is reachable, or install Chromium yourself and set CHROMIUM_PATH.`
    }
  }
  return undefined
}

/** The Chromium to use, installing Debian's when it can; `{ problem }` when the tests cannot run. */
export async function ensureChromium(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ path: string } | { problem: string }> {
  const plan = planBrowser(await browserFacts(env))
  if (plan.action === 'use') {
    console.log(`Chromium: ${plan.path} (${plan.source})`)
    return { path: plan.path }
  }
  if (plan.action === 'stop') return { problem: plan.reason }
  const failed = await installFromDebian()
  if (failed) return { problem: failed }
  const installed = findOnPath(BROWSER_NAMES, searchPath(env))
  if (!installed) {
    return { problem: `${APT_INSTALL} finished but no Chromium is on ${searchPath(env).join(':')}.` }
  }
  console.log(`Chromium: ${installed} (installed from Debian's packages)`)
  return { path: installed }
}

/** For playwright.config.ts: the browser to launch, without installing anything. */
export function locateChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.CHROMIUM_PATH || findOnPath(BROWSER_NAMES, searchPath(env))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await ensureChromium()
  if ('problem' in result) {
    console.error(result.problem)
    process.exit(1)
  }
}
