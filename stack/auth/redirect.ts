// Where Auth may send a browser after an email link: GoTrue's IsRedirectURLValid, checked on
// the URL the browser will actually visit (WHATWG-parsed), never on the raw string.
// - back to site_url's scheme, host and port (any port for a loopback host, RFC 8252);
// - an http(s) URL whose host is a loopback IP (GoTrue allows these);
// - or an entry of additional_redirect_urls, matched part by part with GoTrue's globs
//   (`*` and `?` stop at `.` and `/`, `**` crosses them, `[...]`, `{a,b}`, `\` escapes).
// Anything else, and anything written so that a parser could read it two ways, gets site_url.
import { isIP } from 'node:net'

interface Pattern {
  scheme: string
  authority: RegExp
  rest: RegExp
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]'])
const REGULAR_HOSTNAME = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/
const RAW_URL = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#\\]*)/
const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' }

function escapeChar(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? '\\' + c : c
}

/** One glob (a part of an allowed URL) as a regular expression body. */
export function globSource(glob: string): string {
  let out = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === '\\' && i + 1 < glob.length) out += escapeChar(glob[++i]!)
    else if (c === '*' && glob[i + 1] === '*') {
      out += '.*'
      i++
    } else if (c === '*') out += '[^./]*'
    else if (c === '?') out += '[^./]'
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2)
      if (end < 0) out += '\\['
      else {
        const body = glob.slice(i + 1, end)
        const negate = body.startsWith('!')
        const chars = (negate ? body.slice(1) : body).replace(/[\\\]^]/g, '\\$&')
        out += negate ? `[^./${chars}]` : `[${chars}]`
        i = end
      }
    } else if (c === '{') {
      const end = glob.indexOf('}', i)
      if (end < 0) out += '\\{'
      else {
        out +=
          '(?:' +
          glob
            .slice(i + 1, end)
            .split(',')
            .map(globSource)
            .join('|') +
          ')'
        i = end
      }
    } else out += escapeChar(c)
  }
  return out
}

function compile(entry: string): Pattern | undefined {
  const m = entry.match(/^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)(.*)$/)
  if (!m) return undefined
  const scheme = m[1]!.toLowerCase()
  let authority = m[2]!.toLowerCase()
  const port = DEFAULT_PORTS[scheme]
  if (port && authority.endsWith(':' + port)) authority = authority.slice(0, -port.length - 1)
  // Fragments are never matched (GoTrue cuts them off first); no path means the root.
  const rest = (m[3] ?? '').split('#')[0] || '/'
  return {
    scheme,
    authority: new RegExp('^' + globSource(authority) + '$'),
    rest: new RegExp('^' + globSource(rest) + '$'),
  }
}

const isLoopbackHost = (hostname: string) =>
  LOOPBACK_NAMES.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname)

/** The URL a browser would follow, if it was written in one unambiguous way; else undefined. */
export function parseRedirect(raw: string): URL | undefined {
  // Controls and spaces are never in a real URL, and clients strip them to read another one.
  if (!raw || raw.length > 2048 || [...raw].some((ch) => ch <= ' ' || ch === '\u007f')) return undefined
  const m = raw.match(RAW_URL)
  if (!m) return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return undefined
  }
  if (url.username || url.password) return undefined
  const writtenHost = m[2]!.replace(/:\d*$/, '').toLowerCase()
  // Decimal or hex IPs, percent-escapes, IDN: the browser would visit a host not written here.
  if (writtenHost !== url.hostname) return undefined
  return url
}

export function createRedirectPolicy(siteUrl: string, allowList: string[]) {
  const site = new URL(siteUrl)
  const patterns = allowList.map(compile).filter((p): p is Pattern => !!p)

  function sameSite(url: URL): boolean {
    return (
      url.protocol === site.protocol &&
      url.hostname === site.hostname &&
      (url.port === site.port || isLoopbackHost(url.hostname))
    )
  }

  function listed(url: URL): boolean {
    const scheme = url.protocol.slice(0, -1)
    return patterns.some(
      (p) =>
        p.scheme === scheme && p.authority.test(url.host) && p.rest.test((url.pathname || '/') + url.search),
    )
  }

  /** The normalised URL when `raw` is an allowed redirect, else undefined. */
  function allowed(raw: unknown): string | undefined {
    if (typeof raw !== 'string') return undefined
    const url = parseRedirect(raw)
    if (!url) return undefined
    url.hash = ''
    if (sameSite(url)) return url.href
    const http = url.protocol === 'http:' || url.protocol === 'https:'
    if (http && isIP(url.hostname.replace(/^\[|\]$/g, '')))
      return isLoopbackHost(url.hostname) ? url.href : undefined
    if (http && !REGULAR_HOSTNAME.test(url.hostname)) return undefined
    return listed(url) ? url.href : undefined
  }

  return {
    allowed,
    /** GoTrue's GetReferrer: redirect_to if allowed, else the Referer if allowed, else site_url. */
    pick(wanted: unknown, referer?: string): string {
      return allowed(wanted) ?? allowed(referer) ?? siteUrl
    },
  }
}

export type RedirectPolicy = ReturnType<typeof createRedirectPolicy>
