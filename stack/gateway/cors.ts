// CORS as Supabase's API gateway sends it: any origin, the request's headers echoed.
import type { IncomingMessage, ServerResponse } from 'node:http'

const ALLOW_METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE,OPTIONS'
const EXPOSE_HEADERS =
  'Content-Encoding,Content-Location,Content-Range,Content-Type,Date,Location,Server,Transfer-Encoding,Range-Unit,X-Client-Info,X-Supabase-Api-Version'

export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*')
  res.setHeader('Vary', 'Origin')
  res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS)
}

export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const requested = req.headers['access-control-request-headers']
  res.writeHead(200, {
    'Access-Control-Allow-Methods': ALLOW_METHODS,
    'Access-Control-Allow-Headers':
      requested ??
      'authorization,x-client-info,apikey,content-type,prefer,range,accept-profile,content-profile',
    'Access-Control-Max-Age': '3600',
    'Content-Length': '0',
  })
  res.end()
}
