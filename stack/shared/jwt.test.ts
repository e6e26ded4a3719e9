import { describe, expect, it } from 'vitest'
import { SignJWT, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose'
import { createTokenVerifier } from './jwt.ts'
import { parseSigningKeys } from './signing-keys.ts'

const SECRET = 'a-test-secret-with-at-least-32-characters'

describe('the shared token verifier', () => {
  it('checks a token once but its expiry every time', async () => {
    const v = createTokenVerifier(SECRET)
    // exp is whole seconds: 2 s leaves at least one for the first checks, 2.1 s of wait ends it.
    const token = await v.sign({ role: 'authenticated', sub: 'u1' }, 2)
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

async function esKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true })
  return { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig', key_ops: ['sign', 'verify'] }
}

const privateKeyOf = (jwk: JWK) => importJWK({ ...jwk, key_ops: ['sign'] }, 'ES256')

describe('the verifier with signing keys (signing_keys_path)', () => {
  it('signs with the first key (ES256, its kid), verifies every key of the set and the legacy secret', async () => {
    const first = await esKey('key-1')
    const second = await esKey('key-2')
    const keys = await parseSigningKeys(JSON.stringify([first, second]))
    const v = createTokenVerifier(SECRET, keys)
    const token = await v.sign({ role: 'authenticated', sub: 'u1' }, 60)
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: 'key-1', typ: 'JWT' })
    expect((await v.verify(token)).claims.sub).toBe('u1')
    const bySecond = await new SignJWT({ role: 'anon' })
      .setProtectedHeader({ alg: 'ES256', kid: 'key-2' })
      .setExpirationTime('1m')
      .sign(await privateKeyOf(second))
    expect((await v.verify(bySecond)).role).toBe('anon')
    const legacy = await createTokenVerifier(SECRET).sign({ role: 'service_role' }, 60)
    expect((await v.verify(legacy)).role).toBe('service_role')
  })

  it('refuses a token signed by a key outside the set, even one that borrows a kid of the set', async () => {
    const v = createTokenVerifier(SECRET, await parseSigningKeys(JSON.stringify([await esKey('key-1')])))
    const stranger = await esKey('key-1')
    const forged = await new SignJWT({ role: 'service_role' })
      .setProtectedHeader({ alg: 'ES256', kid: 'key-1' })
      .setExpirationTime('1m')
      .sign(await privateKeyOf(stranger))
    await expect(v.verify(forged)).rejects.toMatchObject({ reason: 'invalid' })
    const unknownKid = await new SignJWT({ role: 'anon' })
      .setProtectedHeader({ alg: 'ES256', kid: 'other' })
      .setExpirationTime('1m')
      .sign(await privateKeyOf(stranger))
    await expect(v.verify(unknownKid)).rejects.toMatchObject({ reason: 'invalid' })
  })

  it('publishes only public halves, for verification', async () => {
    const v = createTokenVerifier(SECRET, await parseSigningKeys(JSON.stringify([await esKey('key-1')])))
    const [pub] = v.jwks().keys
    expect(pub).toMatchObject({ kid: 'key-1', alg: 'ES256', kty: 'EC', use: 'sig', key_ops: ['verify'] })
    expect(pub).not.toHaveProperty('d')
    expect(createTokenVerifier(SECRET).jwks()).toEqual({ keys: [] })
  })

  it('explains a key set it cannot use', async () => {
    await expect(parseSigningKeys('[{"kty":"oct","k":"c2VjcmV0","kid":"h","alg":"HS256"}]')).rejects.toThrow(
      /ES256 or RS256/,
    )
    await expect(parseSigningKeys('[]')).rejects.toThrow(/no keys/)
  })
})

describe('the verified-token cache', () => {
  it('keeps memory bounded by bytes when tokens are large', async () => {
    const v = createTokenVerifier(SECRET, undefined, { cacheBytes: 256 * 1024 })
    for (let i = 0; i < 40; i++) {
      const big = await v.sign({ role: 'anon', pad: 'x'.repeat(64 * 1024), i }, 60)
      expect((await v.verify(big)).role).toBe('anon')
    }
    expect(v.cacheStats().entries).toBe(0)
    for (let i = 0; i < 400; i++) await v.verify(await v.sign({ role: 'anon', pad: 'y'.repeat(4000), i }, 60))
    expect(v.cacheStats().bytes).toBeLessThanOrEqual(256 * 1024)
    expect(v.cacheStats().entries).toBeGreaterThan(10)
  })
})
