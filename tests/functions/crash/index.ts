// Test-only function: throws on /boom, answers otherwise; the runtime must survive it.
Deno.serve((req) => {
  if (new URL(req.url).pathname.endsWith('/boom')) throw new Error('boom')
  return new Response('alive')
})
