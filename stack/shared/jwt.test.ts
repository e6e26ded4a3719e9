import { describe, expect, it } from 'vitest'
import { createTokenVerifier } from './jwt.ts'

const SECRET = 'a-test-secret-with-at-least-32-characters'

describe('the shared token verifier', () => {
  it('checks a token once but its expiry every time', async () => {
    const v = createTokenVerifier(SECRET)
    const token = await v.sign({ role: 'authenticated', sub: 'u1' }, 1)
    expect((await v.verify(token)).claims.sub).toBe('u1')
    expect((await v.verify(token)).role).toBe('authenticated') // from the cache
    await new Promise((r) => setTimeout(r, 2100))
    await expect(v.verify(token)).rejects.toMatchObject({ reason: 'expired' })
  })

  it('a verified token does not vouch for an edited one', async () => {
    const v = createTokenVerifier(SECRET)
    const token = await v.sign({ role: 'authenticated', sub: 'u1' }, 60)
    await v.verify(token)
    const [h, , sig] = token.split('.')
    const body = Buffer.from(JSON.stringify({ role: 'service_role', sub: 'u1', exp: 9999999999 })).toString(
      'base64url',
    )
    await expect(v.verify(`${h}.${body}.${sig}`)).rejects.toMatchObject({ reason: 'invalid' })
    const other = await createTokenVerifier('another-secret-with-at-least-32-chars!!').sign(
      { role: 'anon' },
      60,
    )
    await expect(v.verify(other)).rejects.toMatchObject({ reason: 'invalid' })
  })

  it('refuses roles that are not API roles', async () => {
    const v = createTokenVerifier(SECRET)
    await expect(v.verify(await v.sign({ role: 'postgres' }, 60))).rejects.toMatchObject({
      reason: 'bad_role',
    })
  })
})
