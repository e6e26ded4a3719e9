// PLACEHOLDER until the realtime issue lands: answers 501 so the gateway route exists.
import type { Service, StackContext } from '../shared/service.ts'
import { sendJson } from '../shared/http.ts'

export function createRealtimeService(_ctx: StackContext): Service {
  return {
    name: 'realtime',
    prefix: '/realtime/v1',
    handle: (_req, res) => sendJson(res, 501, { message: 'realtime is not implemented yet' }),
  }
}
