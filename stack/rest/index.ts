// PLACEHOLDER until the rest issue lands: answers 501 so the gateway route exists.
import type { Service, StackContext } from '../shared/service.ts'
import { sendJson } from '../shared/http.ts'

export function createRestService(_ctx: StackContext): Service {
  return {
    name: 'rest',
    prefix: '/rest/v1',
    handle: (_req, res) => sendJson(res, 501, { message: 'rest is not implemented yet' }),
  }
}
