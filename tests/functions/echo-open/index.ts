// Test-only function served with verify_jwt = false; also records what webhooks post to it.
const received: unknown[] = []

Deno.serve(async (req) => {
  const url = new URL(req.url)
  if (req.method === 'GET' && url.pathname.endsWith('/received')) return Response.json(received)
  if (req.method === 'POST') {
    const body = await req.json().catch(() => null)
    received.push({ body, secret: req.headers.get('x-webhook-secret') })
    if (url.pathname.endsWith('/fail')) return new Response('upstream down', { status: 503 })
    if (url.pathname.endsWith('/slow')) await new Promise((r) => setTimeout(r, 3000))
    return Response.json({ ok: true })
  }
  return Response.json({ open: true })
})
