import assert from 'node:assert/strict'
import { signUnsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token.ts'

const SECRET = 'a-test-secret-that-is-long-enough-0123456789'
const ALICE = 'c0000000-0000-4000-8000-000000000001'
const BOB = 'c0000000-0000-4000-8000-000000000002'

Deno.test('a token made for a customer verifies as that customer', async () => {
  const token = await signUnsubscribeToken(SECRET, ALICE)
  assert.match(token, /^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/)
  assert.equal(await verifyUnsubscribeToken(SECRET, token), ALICE)
})

Deno.test(
  'attack: another customer id under a valid signature, a flipped bit, a truncated or foreign signature all fail',
  async () => {
    const token = await signUnsubscribeToken(SECRET, ALICE)
    const [, mac] = token.split('.')
    const flipped = mac!.slice(0, -1) + (mac!.endsWith('A') ? 'B' : 'A')
    const foreign = await signUnsubscribeToken('some-other-secret-that-is-long-enough-xyz', ALICE)
    for (const forged of [
      `${BOB}.${mac}`,
      `${ALICE}.${flipped}`,
      `${ALICE}.${mac!.slice(0, 20)}`,
      `${ALICE}.`,
      foreign,
      `${ALICE}.${mac}.x`,
      ALICE,
      '',
    ]) {
      assert.equal(await verifyUnsubscribeToken(SECRET, forged), undefined, forged)
    }
  },
)

Deno.test('a short secret is refused rather than used', async () => {
  await assert.rejects(() => signUnsubscribeToken('short', ALICE), /at least 32 characters/)
})
