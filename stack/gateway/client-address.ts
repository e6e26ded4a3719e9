// Whose request this is: the socket's address, unless that socket is a proxy the stack was
// told to trust (STACK_TRUSTED_PROXIES), in which case the address that proxy forwarded.
// A client's own X-Forwarded-For never counts, as behind Supabase's or Kong's edge.
import { BlockList, isIP } from 'node:net'
import type { IncomingMessage } from 'node:http'

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) → `127.0.0.1`. */
export function plainAddress(address: string | undefined): string {
  if (!address) return ''
  const m = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)
  return m ? m[1]! : address
}

export function createClientAddress(trusted: string[]): (req: IncomingMessage) => string {
  const list = new BlockList()
  for (const entry of trusted) {
    const [addr = '', bits] = entry.split('/')
    const family = isIP(addr)
    if (!family) throw new Error(`STACK_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`)
    const type = family === 6 ? 'ipv6' : 'ipv4'
    if (bits === undefined) list.addAddress(addr, type)
    else list.addSubnet(addr, Number(bits), type)
  }
  const isTrusted = (ip: string) => {
    const family = isIP(ip)
    return family !== 0 && list.check(ip, family === 6 ? 'ipv6' : 'ipv4')
  }

  return (req) => {
    const peer = plainAddress(req.socket.remoteAddress)
    if (!trusted.length || !isTrusted(peer)) return peer
    const header = req.headers['x-forwarded-for']
    const chain = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((s) => plainAddress(s.trim()))
      .filter((s) => isIP(s) !== 0)
    // From the nearest hop back: the first address that is not one of our proxies is the client.
    for (let i = chain.length - 1; i >= 0; i--) if (!isTrusted(chain[i]!)) return chain[i]!
    return chain[0] ?? peer
  }
}
