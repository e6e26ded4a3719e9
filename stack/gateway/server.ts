// The API gateway: routes by path prefix, applies CORS and the apikey check, and hands
// the request to the service. It knows nothing of what the services do.
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Logger } from '../shared/log.ts'
import type { Service } from '../shared/service.ts'
import { sendJson } from '../shared/http.ts'
import { answerPreflight, applyCors } from './cors.ts'

export interface GatewayOptions {
  services: Service[]
  /** API keys the gateway accepts in `apikey` (header or query), as Kong's key-auth does. */
  apiKeys: string[]
  log: Logger
}

/** Paths reachable without an apikey, as on Supabase (links opened from an email). */
const OPEN_PATHS = [/^\/auth\/v1\/(verify|callback|authorize|health)\b/, /^\/functions\/v1\//]

function findService(services: Service[], pathname: string) {
  for (const s of services) {
    if (pathname === s.prefix || pathname.startsWith(s.prefix + '/')) {
      return { service: s, rest: pathname.slice(s.prefix.length) || '/' }
    }
  }
  return undefined
}

function apiKeyOf(req: IncomingMessage, url: URL): string | undefined {
  const h = req.headers.apikey
  return (Array.isArray(h) ? h[0] : h) ?? url.searchParams.get('apikey') ?? undefined
}

function checkApiKey(req: IncomingMessage, url: URL, keys: string[]): string | undefined {
  if (OPEN_PATHS.some((p) => p.test(url.pathname))) return undefined
  const key = apiKeyOf(req, url)
  if (!key) return 'No API key found in request'
  if (!keys.includes(key)) return 'Invalid authentication credentials'
  return undefined
}

export function createGateway(o: GatewayOptions): http.Server {
  const server = http.createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://gateway')
    applyCors(req, res)
    const match = findService(o.services, url.pathname)
    const isFunction = url.pathname.startsWith('/functions/v1')
    if (req.method === 'OPTIONS' && !isFunction) return answerPreflight(req, res)
    if (!match) return sendJson(res, 404, { message: 'no Route matched with those values' })
    const keyProblem = checkApiKey(req, url, o.apiKeys)
    if (keyProblem) return sendJson(res, 401, { message: keyProblem })
    const started = Date.now()
    res.on('finish', () =>
      o.log.debug(`${req.method} ${url.pathname} ${res.statusCode} ${Date.now() - started}ms`),
    )
    try {
      await match.service.handle(req, res, match.rest)
    } catch (err) {
      o.log.error(`${match.service.name}: ${req.method} ${url.pathname} failed`, err)
      if (!res.headersSent) sendJson(res, 500, { message: 'An unexpected error occurred' })
      else res.end()
    }
  })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://gateway')
    const match = findService(o.services, url.pathname)
    if (!match?.service.upgrade) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n')
      return
    }
    const keyProblem = checkApiKey(req, url, o.apiKeys)
    if (keyProblem) {
      const body = JSON.stringify({ message: keyProblem })
      socket.end(
        `HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      )
      return
    }
    match.service.upgrade(req, socket, head, match.rest)
  })
  return server
}
