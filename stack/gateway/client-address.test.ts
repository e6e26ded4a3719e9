import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { createClientAddress } from './client-address.ts'

const request = (peer: string, xff?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: xff ? { 'x-forwarded-for': xff } : {},
  }) as unknown as IncomingMessage

describe('the client address', () => {
  it("is the socket's when no proxy is trusted: a client's X-Forwarded-For is ignored", () => {
    const of = createClientAddress([])
    expect(of(request('203.0.113.7', '198.51.100.1'))).toBe('203.0.113.7')
    expect(of(request('::ffff:127.0.0.1', '10.9.9.9'))).toBe('127.0.0.1')
  })

  it("is the socket's when the peer is not one of the trusted proxies", () => {
    const of = createClientAddress(['10.0.0.0/8'])
    expect(of(request('203.0.113.7', '198.51.100.1'))).toBe('203.0.113.7')
  })

  it('is what a trusted proxy forwarded: the nearest untrusted hop, not what the client prepended', () => {
    const of = createClientAddress(['10.0.0.0/8', '127.0.0.1'])
    expect(of(request('10.1.2.3', '198.51.100.1'))).toBe('198.51.100.1')
    // The client wrote "1.1.1.1" itself; the proxy appended the address it saw.
    expect(of(request('10.1.2.3', '1.1.1.1, 198.51.100.1'))).toBe('198.51.100.1')
    expect(of(request('127.0.0.1', '198.51.100.1, 10.4.4.4'))).toBe('198.51.100.1')
    expect(of(request('10.1.2.3', 'not-an-ip'))).toBe('10.1.2.3')
  })

  it('refuses a trusted-proxy entry that is not an address', () => {
    expect(() => createClientAddress(['proxy.local'])).toThrow(/STACK_TRUSTED_PROXIES/)
  })
})
