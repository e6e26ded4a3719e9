// Each function gets its own deno.json imports and nothing else, as when it is deployed alone.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { denoImportFlags, functionsImportMap } from './import-map.ts'

let dir: string
const fn = (name: string) => path.join(dir, name, 'index.ts')

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'import-map-'))
  for (const name of ['mailer', 'plain']) {
    await mkdir(path.join(dir, name))
    await writeFile(fn(name), '')
  }
  await writeFile(
    path.join(dir, 'mailer', 'deno.json'),
    JSON.stringify({ imports: { resend: 'npm:resend@6.38.0', '@lib/': '../_shared/lib/' } }),
  )
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('functionsImportMap', () => {
  it('scopes a function’s imports to its own folder, resolving relative targets from its deno.json', () => {
    const map = functionsImportMap({ mailer: fn('mailer'), plain: fn('plain') })
    expect(map).toEqual({
      imports: {},
      scopes: {
        [pathToFileURL(`${path.join(dir, 'mailer')}/`).href]: {
          resend: 'npm:resend@6.38.0',
          '@lib/': pathToFileURL(`${path.join(dir, '_shared', 'lib')}/`).href,
        },
      },
    })
  })

  it('gives Deno no project config, so package.json never resolves a function’s imports', () => {
    const flags = denoImportFlags({ mailer: fn('mailer') })
    expect(flags[0]).toBe('--no-config')
    const map = JSON.parse(decodeURIComponent(flags[1]!.replace('--import-map=data:application/json,', '')))
    expect(Object.values(map.scopes)).toEqual([expect.objectContaining({ resend: 'npm:resend@6.38.0' })])
  })
})
