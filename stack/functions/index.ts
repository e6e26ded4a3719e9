// Edge Functions under /functions/v1/<name>: verify_jwt as config.toml says, then proxied
// (streaming both ways) to the local Deno edge runtime.
import http from 'node:http'
import { watch, type FSWatcher } from 'node:fs'
import type { Service, StackContext } from '../shared/service.ts'
import { sendJson, firstHeader } from '../shared/http.ts'
import { bearerToken } from '../shared/jwt.ts'
import { discoverFunctions } from './discover.ts'
import { functionEnv } from './env.ts'
import { createDenoRuntime } from './deno.ts'

export function createFunctionsService(ctx: StackContext): Service {
  const log = ctx.log.child('functions')
  let functions = discoverFunctions(ctx.config.functionsDirs)
  const runtime = createDenoRuntime({
    root: ctx.config.root,
    log,
    functions: () => functions,
    env: () => functionEnv(ctx),
  })
  const watchers: FSWatcher[] = []
  let debounce: NodeJS.Timeout | undefined

  function onChange() {
    clearTimeout(debounce)
    debounce = setTimeout(() => {
      functions = discoverFunctions(ctx.config.functionsDirs)
      log.info(`function files changed: reloading (${Object.keys(functions).join(', ') || 'none'})`)
      runtime.restart()
    }, 150)
  }

  async function authorize(name: string, req: http.IncomingMessage): Promise<string | undefined> {
    if (ctx.config.functions[name]?.verifyJwt === false) return undefined
    const token = bearerToken(firstHeader(req, 'authorization'))
    // Hosted's verify_jwt lets the project's publishable and secret keys through on either
    // header, for migration; a key is not a caller's identity, the function must check that.
    const { publishableKey, secretKey } = ctx.config
    if ([token, firstHeader(req, 'apikey')].some((k) => k === publishableKey || k === secretKey))
      return undefined
    if (!token) return 'Missing authorization header'
    try {
      await ctx.verifier.verify(token)
      return undefined
    } catch {
      return 'Invalid JWT'
    }
  }

  async function proxy(req: http.IncomingMessage, res: http.ServerResponse, path: string) {
    const base = new URL(await runtime.url())
    const url = new URL(req.url ?? '/', 'http://x')
    const upstream = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: path + url.search,
        headers: { ...req.headers, host: base.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      },
    )
    upstream.on('error', (err) => {
      log.warn(`proxy to the edge runtime failed: ${err.message}`)
      if (!res.headersSent)
        sendJson(res, 502, { code: 'BOOT_ERROR', message: 'Worker failed to boot (please check logs)' })
      else res.destroy()
    })
    req.pipe(upstream)
  }

  return {
    name: 'functions',
    prefix: '/functions/v1',
    async start() {
      for (const dir of ctx.config.functionsDirs) {
        try {
          watchers.push(watch(dir, { recursive: true }, onChange))
        } catch {
          // A missing folder has nothing to watch.
        }
      }
    },
    async stop() {
      clearTimeout(debounce)
      for (const w of watchers) w.close()
      await runtime.stop()
    },
    async handle(req, res, path) {
      const name = decodeURIComponent(path.split('/')[1] ?? '')
      if (!functions[name] || ctx.config.functions[name]?.enabled === false) {
        return sendJson(res, 404, { code: 'NOT_FOUND', message: 'Requested function was not found' })
      }
      const problem = req.method === 'OPTIONS' ? undefined : await authorize(name, req)
      if (problem) return sendJson(res, 401, { code: 401, message: problem })
      await proxy(req, res, path)
    },
  }
}
