// pg_net for the local stack: the `net` schema (schema/) and the worker that sends.
export { createNetWorker } from './worker.ts'
