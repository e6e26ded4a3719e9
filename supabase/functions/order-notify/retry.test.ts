import assert from 'node:assert/strict'
import { type Attempt, DEFAULT_POLICY, isRetryableStatus, retryDelayMs, withRetries } from './retry.ts'

function script(outcomes: Attempt<string>[]) {
  const slept: number[] = []
  let calls = 0
  const run = () =>
    withRetries(
      () => Promise.resolve(outcomes[calls++]!),
      DEFAULT_POLICY,
      (ms) => {
        slept.push(ms)
        return Promise.resolve()
      },
    )
  return { run, slept, calls: () => calls }
}

const fail = (retryAfter?: string): Attempt<string> => ({
  ok: false,
  retryable: true,
  error: 'Resend 500',
  retryAfter,
})

Deno.test('429 and 5xx are retried; other 4xx are not', () => {
  assert.ok(isRetryableStatus(429))
  assert.ok(isRetryableStatus(500))
  assert.ok(isRetryableStatus(503))
  assert.ok(!isRetryableStatus(400))
  assert.ok(!isRetryableStatus(422))
})

Deno.test('a failure then a success sends once, after one backoff', async () => {
  const s = script([fail(), { ok: true, value: 'em_1' }])
  const r = await s.run()
  assert.deepEqual(r, { ok: true, value: 'em_1', attempts: 2 })
  assert.deepEqual(s.slept, [DEFAULT_POLICY.baseDelayMs])
})

Deno.test('Retry-After in seconds or as a date sets the wait, capped by the policy', () => {
  assert.equal(retryDelayMs(1, '2', DEFAULT_POLICY), 2000)
  assert.equal(retryDelayMs(1, '3600', DEFAULT_POLICY), DEFAULT_POLICY.maxDelayMs)
  const now = Date.parse('2026-01-01T00:00:00Z')
  assert.equal(retryDelayMs(1, 'Thu, 01 Jan 2026 00:00:03 GMT', DEFAULT_POLICY, now), 3000)
  assert.equal(retryDelayMs(3, null, DEFAULT_POLICY), DEFAULT_POLICY.baseDelayMs * 4)
})

Deno.test('backoff doubles and gives up after maxAttempts with the last error', async () => {
  const s = script([fail(), fail(), fail(), fail(), { ok: true, value: 'never' }])
  const r = await s.run()
  assert.equal(r.ok, false)
  assert.equal(r.attempts, DEFAULT_POLICY.maxAttempts)
  assert.equal(r.error, 'Resend 500')
  assert.equal(s.calls(), DEFAULT_POLICY.maxAttempts)
  assert.deepEqual(s.slept, [500, 1000, 2000])
})

Deno.test('a permanent error stops at once', async () => {
  const s = script([{ ok: false, retryable: false, error: 'Resend 422 validation_error' }])
  const r = await s.run()
  assert.deepEqual(r, { ok: false, error: 'Resend 422 validation_error', attempts: 1 })
  assert.deepEqual(s.slept, [])
})
