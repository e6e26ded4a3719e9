// Imports a package by a bare name that only the Node side's package.json knows, with no
// deno.json of its own: deploying it would fail, so the local runtime must refuse it too.
import { WebSocket } from 'ws'

Deno.serve(() => new Response(typeof WebSocket))
