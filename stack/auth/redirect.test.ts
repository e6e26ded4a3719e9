import { describe, expect, it } from 'vitest'
import { createRedirectPolicy, globSource } from './redirect.ts'

// As supabase/config.toml has it.
const policy = createRedirectPolicy('http://127.0.0.1:3000', [
  'http://127.0.0.1:3000/**',
  'http://localhost:3000/**',
  'https://*.example.com/callback',
  'com.example.app://auth-callback',
])

describe('redirect_to is honoured only for the site and the allow list, as parsed URLs', () => {
  it.each([
    ['the site itself', 'http://127.0.0.1:3000', 'http://127.0.0.1:3000/'],
    [
      'a page of the site, query kept',
      'http://127.0.0.1:3000/orders?x=1',
      'http://127.0.0.1:3000/orders?x=1',
    ],
    ['another loopback port (RFC 8252, as GoTrue)', 'http://127.0.0.1:5173/x', 'http://127.0.0.1:5173/x'],
    ['an allow-list glob', 'http://localhost:3000/deep/path', 'http://localhost:3000/deep/path'],
    ['a single-label wildcard', 'https://shop.example.com/callback', 'https://shop.example.com/callback'],
    ['a mobile deep link', 'com.example.app://auth-callback', 'com.example.app://auth-callback'],
    ['the fragment is dropped', 'http://127.0.0.1:3000/a#frag', 'http://127.0.0.1:3000/a'],
  ])('allows %s', (_what, raw, expected) => {
    expect(policy.allowed(raw)).toBe(expected)
  })

  it.each([
    ['credentials before an attacker host', 'http://127.0.0.1:3000@attacker.example/x'],
    ['the site as a subdomain prefix', 'http://127.0.0.1:3000.attacker.example'],
    ['the site host as a label of another', 'http://127.0.0.1.attacker.example:3000/'],
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['javascript: with slashes', 'javascript://127.0.0.1:3000/%0aalert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['scheme-relative', '//attacker.example/x'],
    ['backslashes for slashes', 'http:\\\\attacker.example\\x'],
    ['slash-backslash', 'http:/\\attacker.example/x'],
    ['a backslash-started authority', 'http://\\attacker.example/'],
    ['a percent-escaped host', 'http://%61ttacker.example/'],
    ['an encoded @ in the port', 'http://127.0.0.1:3000%40attacker.example/'],
    ['an encoded scheme', 'http%3A%2F%2Fattacker.example'],
    ['a decimal IP', 'http://2130706433:3000/'],
    ['a hex IP', 'http://0x7f000001:3000/'],
    ['a trailing dot', 'http://127.0.0.1.:3000/'],
    ['leading whitespace', ' http://attacker.example/'],
    ['a tab inside', 'http://attacker.exa\tmple/'],
    ['a non-loopback IP', 'http://10.0.0.1:3000/'],
    ['another https host', 'https://attacker.example/callback'],
    ['a wildcard crossing a dot', 'https://evil.shop.example.com/callback'],
    ['a wildcard before a query', 'https://evil?.example.com/callback'],
    ['the listed path with a different one', 'https://shop.example.com/callback/x'],
    ['another scheme for the site', 'ftp://127.0.0.1:3000/'],
    ['not a string', 42],
  ])('refuses %s', (_what, raw) => {
    expect(policy.allowed(raw)).toBeUndefined()
    expect(policy.pick(raw)).toBe('http://127.0.0.1:3000')
  })

  it('falls back to the Referer when redirect_to is refused, then to site_url', () => {
    expect(policy.pick('https://attacker.example/', 'http://localhost:3000/signin')).toBe(
      'http://localhost:3000/signin',
    )
    expect(policy.pick(undefined, 'https://attacker.example/')).toBe('http://127.0.0.1:3000')
  })
})

describe("GoTrue's globs (separators . and /)", () => {
  const matches = (glob: string, s: string) => new RegExp('^' + globSource(glob) + '$').test(s)
  it('* and ? stop at separators, ** crosses them', () => {
    expect(matches('/*', '/a')).toBe(true)
    expect(matches('/*', '/a/b')).toBe(false)
    expect(matches('/*', '/a.html')).toBe(false)
    expect(matches('/**', '/a/b.html')).toBe(true)
    expect(matches('/?', '/a')).toBe(true)
    expect(matches('/?', '/.')).toBe(false)
  })
  it('classes, alternatives and escapes', () => {
    expect(matches('/[ab]', '/a')).toBe(true)
    expect(matches('/[!ab]', '/c')).toBe(true)
    expect(matches('/[!ab]', '/a')).toBe(false)
    expect(matches('/{x,y}z', '/yz')).toBe(true)
    expect(matches('/\\*', '/*')).toBe(true)
    expect(matches('/\\*', '/a')).toBe(false)
  })
})
