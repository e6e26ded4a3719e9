// The compiled email templates the edge function imports are committed: they must be what
// the .mjml sources compile to today, or `npm run emails` was forgotten.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { compileAll } from './email-templates.ts'
import { ROOT } from './run.ts'

const tags = (text: string) => new Set(text.match(/\{\{[#^/]?[\w.]+\}\}/g))

describe('compiled email templates', () => {
  it('are up to date with their MJML sources (run `npm run emails` after editing a .mjml file)', async () => {
    const compiled = await compileAll()
    expect(compiled.length).toBeGreaterThan(0)
    for (const c of compiled) {
      const committed = await readFile(c.target, 'utf8').catch(() => '(missing)')
      expect(committed, path.relative(ROOT, c.target)).toBe(c.content)
    }
  })

  it('keep every Mustache tag MJML was given, and no MJML tag reaches the HTML', async () => {
    const [c] = await compileAll()
    const source = await readFile(c!.source, 'utf8')
    expect(tags(c!.content)).toEqual(tags(source.replace(/<!--[\s\S]*?-->/, '')))
    expect(c!.content).not.toMatch(/<mj-/)
  })
})
