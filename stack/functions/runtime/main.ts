// The local edge runtime: one Deno process serving every function under /<name>/..., as
// Supabase's main worker routes to user workers. A function's `Deno.serve(handler)` is
// captured while its module loads; its console output is prefixed with its name.
import { AsyncLocalStorage } from 'node:async_hooks'
import { pathToFileURL } from 'node:url'

type Handler = (req: Request, info?: unknown) => Response | Promise<Response>

const functions = JSON.parse(Deno.env.get('STACK_FUNCTIONS') ?? '{}') as Record<string, string>
const port = Number(Deno.env.get('STACK_FUNCTIONS_PORT') ?? 0)
const handlers = new Map<string, Handler>()
const calling = new AsyncLocalStorage<string>()
let loadingName: string | undefined
let captured: Handler | undefined
let loadQueue: Promise<unknown> = Promise.resolve()

for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const original = console[level].bind(console)
  console[level] = (...args: unknown[]) =>
    original(`[${calling.getStore() ?? loadingName ?? 'runtime'}]`, ...args)
}

globalThis.addEventListener('unhandledrejection', (e) => {
  e.preventDefault()
  console.error('unhandled rejection:', e.reason)
})

const listen = Deno.serve.bind(Deno)

function handlerOf(args: unknown[]): Handler | undefined {
  for (const a of args) {
    if (typeof a === 'function') return a as Handler
    if (a && typeof a === 'object' && typeof (a as { handler?: unknown }).handler === 'function')
      return (a as { handler: Handler }).handler
  }
  return undefined
}

// While a function module loads, Deno.serve registers its handler instead of opening a port.
;(Deno as unknown as { serve: unknown }).serve = (...args: unknown[]) => {
  captured = handlerOf(args)
  return {
    finished: new Promise(() => {}),
    shutdown: async () => {},
    ref() {},
    unref() {},
    addr: { transport: 'tcp', hostname: '0.0.0.0', port },
  }
}

function load(name: string): Promise<Handler> {
  const next = loadQueue.then(async () => {
    const known = handlers.get(name)
    if (known) return known
    loadingName = name
    captured = undefined
    try {
      const mod = (await import(pathToFileURL(functions[name]!).href)) as { default?: { fetch?: Handler } }
      const handler = captured ?? mod.default?.fetch
      if (!handler) throw new Error('the function never called Deno.serve(handler)')
      handlers.set(name, handler)
      return handler
    } finally {
      loadingName = undefined
    }
  })
  loadQueue = next.catch(() => {})
  return next
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

listen(
  { hostname: '127.0.0.1', port, onListen: ({ port }) => console.log(`LISTENING ${port}`) },
  async (req, info) => {
    const name = new URL(req.url).pathname.split('/')[1] ?? ''
    if (!functions[name]) return json(404, { code: 'NOT_FOUND', message: 'Requested function was not found' })
    let handler: Handler
    try {
      handler = await load(name)
    } catch (err) {
      console.error(`[${name}] failed to boot:`, err)
      return json(503, { code: 'BOOT_ERROR', message: 'Worker failed to boot (please check logs)' })
    }
    return calling.run(name, async () => {
      try {
        return await handler(req, info)
      } catch (err) {
        console.error('uncaught error:', err)
        return json(500, {
          code: 'WORKER_ERROR',
          message: 'Function exited due to an error (please check logs)',
        })
      }
    })
  },
)
