import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { authorizationFor, fromBrowser, roleJwtOf, type ApiKeys } from './api-keys.ts'

const keys: ApiKeys = {
  anonKey: 'anon.jwt',
  serviceRoleKey: 'service.jwt',
  publishableKey: 'sb_publishable_x',
  secretKey: 'sb_secret_y',
}

describe('API keys at the gateway', () => {
  it('maps publishable and secret keys to the JWT of their role, and nothing else', () => {
    expect(roleJwtOf(keys, 'sb_publishable_x')).toBe('anon.jwt')
    expect(roleJwtOf(keys, 'sb_secret_y')).toBe('service.jwt')
    expect(roleJwtOf(keys, 'sb_secret_other')).toBeUndefined()
    expect(roleJwtOf(keys, 'anon.jwt')).toBeUndefined()
  })

  it("fills Authorization from the apikey, keeps a user's JWT, leaves a mismatched key to be refused", () => {
    expect(authorizationFor(keys, undefined, 'sb_publishable_x')).toBe('Bearer anon.jwt')
    expect(authorizationFor(keys, 'Bearer sb_publishable_x', 'sb_publishable_x')).toBe('Bearer anon.jwt')
    expect(authorizationFor(keys, 'Bearer user.jwt', 'sb_secret_y')).toBe('Bearer user.jwt')
    expect(authorizationFor(keys, 'Bearer sb_secret_y', 'sb_publishable_x')).toBe('Bearer sb_secret_y')
    expect(authorizationFor(keys, undefined, 'anon.jwt')).toBeUndefined()
  })

  it('knows a browser by its User-Agent', () => {
    const ua = (v?: string) => ({ headers: v ? { 'user-agent': v } : {} }) as IncomingMessage
    expect(fromBrowser(ua('Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0'))).toBe(true)
    expect(fromBrowser(ua('node'))).toBe(false)
    expect(fromBrowser(ua('Deno/2.9.6'))).toBe(false)
    expect(fromBrowser(ua())).toBe(false)
  })
})
