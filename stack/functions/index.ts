// PLACEHOLDER until the functions issue lands: answers 501 so the gateway route exists.
import type { Service, StackContext } from '../shared/service.ts'
import { sendJson } from '../shared/http.ts'

export function createFunctionsService(_ctx: StackContext): Service {
  return {
    name: 'functions',
    prefix: '/functions/v1',
    handle: (_req, res) => sendJson(res, 501, { message: 'functions is not implemented yet' }),
  }
}
