// The API gateway: routes by path prefix, applies CORS and the apikey check, sets the client
// address services may trust, turns publishable/secret keys into their role's JWT, and hands
// the request to the service. It knows nothing of what the services do.
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Logger } from '../shared/log.ts'
import type { Service } from '../shared/service.ts'
import { sendJson } from '../shared/http.ts'
import { answerPreflight, applyCors } from './cors.ts'
import { authorizationFor, fromBrowser, isKnownKey, roleJwtOf, type ApiKeys } from './api-keys.ts'
import { createClientAddress } from './client-address.ts'

export interface GatewayOptions {
  services: Service[]
  /** API keys the gateway accepts in `apikey` (header or query). */
  keys: ApiKeys
  /** Proxies (IPs or CIDRs) whose X-Forwarded-For is believed; none by default. */
  trustedProxies?: string[]
  log: Logger
}

/** Paths reachable without an apikey, as on Supabase (links opened from an email, the JWKS). */
const OPEN_PATHS = [
  /^\/auth\/v1\/(verify|callback|authorize|health)\b/,
  /^\/auth\/v1\/\.well-known\/jwks\.json$/,
  /^\/functions\/v1\//,
]

const SECRET_IN_BROWSER = {
  message: 'Forbidden use of secret API key in browser',
  hint: 'Secret API keys are for servers only; use the publishable key in a browser.',
}

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

function keyProblem(req: IncomingMessage, url: URL, keys: ApiKeys): Record<string, string> | undefined {
  const key = apiKeyOf(req, url)
  const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1]
  if ((key === keys.secretKey || bearer === keys.secretKey) && fromBrowser(req)) return SECRET_IN_BROWSER
  if (OPEN_PATHS.some((p) => p.test(url.pathname))) return undefined
  if (!key) return { message: 'No API key found in request' }
  if (!isKnownKey(keys, key)) return { message: 'Invalid authentication credentials' }
  return undefined
}

/** What services see: the believed client address, and JWTs where keys were sent. */
function prepare(
  req: IncomingMessage,
  url: URL,
  o: GatewayOptions,
  clientAddress: (r: IncomingMessage) => string,
) {
  const client = clientAddress(req)
  req.headers['x-forwarded-for'] = client
  req.headers['x-real-ip'] = client
  // Functions see the request as sent (their verify_jwt accepts the keys themselves).
  if (url.pathname.startsWith('/functions/v1')) return
  const authorization = authorizationFor(o.keys, req.headers.authorization, apiKeyOf(req, url))
  if (authorization) req.headers.authorization = authorization
  const headerJwt = roleJwtOf(o.keys, typeof req.headers.apikey === 'string' ? req.headers.apikey : undefined)
  if (headerJwt) req.headers.apikey = headerJwt
  const queryJwt = url.search ? roleJwtOf(o.keys, url.searchParams.get('apikey') ?? undefined) : undefined
  if (queryJwt) {
    url.searchParams.set('apikey', queryJwt)
    req.url = url.pathname + url.search
  }
}

export function createGateway(o: GatewayOptions): http.Server {
  const clientAddress = createClientAddress(o.trustedProxies ?? [])
  // Read once: formatting a line per request that nobody reads costs every request.
  const timing = o.log.enabled('debug')
  const server = http.createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://gateway')
    applyCors(req, res)
    const match = findService(o.services, url.pathname)
    const isFunction = url.pathname.startsWith('/functions/v1')
    if (req.method === 'OPTIONS' && !isFunction) return answerPreflight(req, res)
    if (!match) return sendJson(res, 404, { message: 'no Route matched with those values' })
    const problem = keyProblem(req, url, o.keys)
    if (problem) return sendJson(res, 401, problem)
    prepare(req, url, o, clientAddress)
    if (timing) {
      const started = Date.now()
      res.on('finish', () =>
        o.log.debug(`${req.method} ${url.pathname} ${res.statusCode} ${Date.now() - started}ms`),
      )
    }
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
    const problem = keyProblem(req, url, o.keys)
    if (problem) {
      const body = JSON.stringify(problem)
      socket.end(
        `HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      )
      return
    }
    prepare(req, url, o, clientAddress)
    match.service.upgrade(req, socket, head, match.rest)
  })
  return server
}
