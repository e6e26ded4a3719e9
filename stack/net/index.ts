// PLACEHOLDER until the pg_net issue lands.
import type { StackContext, Worker } from '../shared/service.ts'

export function createNetWorker(_ctx: StackContext): Worker {
  return { name: 'net', start: async () => {}, stop: async () => {} }
}
