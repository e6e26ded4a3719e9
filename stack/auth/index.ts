// PLACEHOLDER until the auth issue lands: answers 501 so the gateway route exists.
import type { Service, StackContext } from '../shared/service.ts'
import { sendJson } from '../shared/http.ts'

export function createAuthService(_ctx: StackContext): Service {
  return {
    name: 'auth',
    prefix: '/auth/v1',
    handle: (_req, res) => sendJson(res, 501, { message: 'auth is not implemented yet' }),
  }
}
