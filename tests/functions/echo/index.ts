// Test-only function: echoes what it received and the environment the stack gave it.
export function describe(req: Request, body: string) {
  const url = new URL(req.url)
  return {
    method: req.method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { authorization: req.headers.get('authorization'), 'x-custom': req.headers.get('x-custom') },
    body,
    env: {
      SUPABASE_URL: Deno.env.get('SUPABASE_URL'),
      SUPABASE_ANON_KEY: !!Deno.env.get('SUPABASE_ANON_KEY'),
      SUPABASE_SERVICE_ROLE_KEY: !!Deno.env.get('SUPABASE_SERVICE_ROLE_KEY'),
      SUPABASE_DB_URL: !!Deno.env.get('SUPABASE_DB_URL'),
      RESEND_BASE_URL: Deno.env.get('RESEND_BASE_URL'),
    },
  }
}

const cors = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, x-client-info, apikey, content-type, x-custom',
}

Deno.serve(async (req) => {
  if (req.method === 'OPTIONS') return new Response('ok', { headers: cors })
  const url = new URL(req.url)
  if (url.pathname.endsWith('/stream')) {
    const body = new ReadableStream({
      async start(controller) {
        for (let i = 0; i < 3; i++) {
          controller.enqueue(new TextEncoder().encode(`chunk ${i}\n`))
          await new Promise((r) => setTimeout(r, 20))
        }
        controller.close()
      },
    })
    return new Response(body, { headers: { ...cors, 'content-type': 'text/plain' } })
  }
  if (url.pathname.endsWith('/log')) console.log('hello from echo')
  const received = describe(req, await req.text())
  return new Response(JSON.stringify(received), { headers: { ...cors, 'content-type': 'application/json' } })
})
