// Resend's Idempotency-Key: the same key with the same body within 24 h returns the first
// answer and sends nothing; another body under that key, or a retry while the first request
// is still running, is refused with 409.
import { createHash } from 'node:crypto'
import type pg from 'pg'
import { ResendError } from './validation.ts'

export interface Recorded {
  status: number
  body: unknown
}

export function createIdempotency(pool: pg.Pool) {
  const inFlight = new Set<string>()
  return {
    async run(
      apiKey: string,
      key: string | undefined,
      payload: Buffer,
      work: () => Promise<Recorded>,
    ): Promise<Recorded> {
      if (key === undefined) return work()
      if (key.length < 1 || key.length > 256) {
        throw new ResendError(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.')
      }
      const hash = createHash('sha256').update(payload).digest('hex')
      const slot = `${apiKey}\u0000${key}`
      if (inFlight.has(slot)) {
        throw new ResendError(
          409,
          'concurrent_idempotent_requests',
          'Same idempotency key used while original request is still in progress.',
        )
      }
      inFlight.add(slot)
      try {
        const { rows } = await pool.query<{ request_hash: string; status: number; response: unknown }>(
          `select request_hash, status, response from _mail.idempotency
           where api_key = $1 and key = $2 and created_at > now() - interval '24 hours'`,
          [apiKey, key],
        )
        const previous = rows[0]
        if (previous) {
          if (previous.request_hash !== hash) {
            throw new ResendError(
              409,
              'invalid_idempotent_request',
              'Same idempotency key used with a different request payload.',
            )
          }
          return { status: previous.status, body: previous.response }
        }
        const result = await work()
        if (result.status < 500) {
          await pool.query(
            `insert into _mail.idempotency (api_key, key, request_hash, status, response) values ($1, $2, $3, $4, $5)
             on conflict (api_key, key) do update set request_hash = excluded.request_hash, status = excluded.status,
               response = excluded.response, created_at = now()`,
            [apiKey, key, hash, result.status, JSON.stringify(result.body)],
          )
        }
        return result
      } finally {
        inFlight.delete(slot)
      }
    },
  }
}
