import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.ts'

describe('supabase/config.toml settings the stack cannot honour are refused at start', () => {
  it('reads the project as it is', () => {
    const c = loadConfig()
    expect(c.auth.passwordRequiredCharacters).toEqual([])
    expect(c.db.seedEnabled).toBe(true)
  })

  it('[db] major_version other than 17', () => {
    expect(() => loadConfig({ toml: { db: { major_version: 15 } } })).toThrow(
      '[db] major_version = 15: the local stack runs Postgres 17 only',
    )
  })

  it('double_confirm_changes with confirmations on, and only then', () => {
    const email = (double_confirm_changes: boolean) => ({
      toml: { auth: { email: { enable_confirmations: true, double_confirm_changes } } },
    })
    expect(() => loadConfig(email(true))).toThrow(
      'double_confirm_changes = true with enable_confirmations = true',
    )
    expect(loadConfig(email(false)).auth.email.enableConfirmations).toBe(true)
  })

  it('an unknown password_requirements, as the CLI refuses it', () => {
    expect(() => loadConfig({ toml: { auth: { password_requirements: 'digits' } } })).toThrow(
      'Invalid config for auth.password_requirements: "digits"',
    )
    const sets = loadConfig({ toml: { auth: { password_requirements: 'lower_upper_letters_digits' } } }).auth
      .passwordRequiredCharacters
    expect(sets).toEqual(['abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '0123456789'])
  })
})

describe('the environment is read in one place and documented', () => {
  const root = path.resolve(import.meta.dirname, '../..')
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8')
  const names = [
    ...read('stack/shared/config.ts').matchAll(/process\.env\.(\w+)|env(?:Number|List)\('(\w+)'/g),
  ].map((m) => m[1] ?? m[2]!)

  it('config.ts reads the variables, every one in the README table and .env.example', () => {
    expect(names.length).toBeGreaterThan(15)
    for (const name of names) {
      expect(read('README.md'), name).toContain(`\`${name}\``)
      expect(read('.env.example'), name).toContain(`${name}=`)
    }
  })

  it('no other stack module reads it (children may inherit it whole)', () => {
    const others = readdirSync(path.join(root, 'stack'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'shared/config.ts')
      .filter((f) => !f.startsWith('functions/runtime/')) // Deno's side reads what the stack hands it
      .filter((f) => /process\.env(?!,)/.test(read(`stack/${f}`).replaceAll('...process.env', '')))
    expect(others).toEqual([])
  })
})
