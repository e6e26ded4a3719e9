// The asymmetric JWT signing keys `[auth] signing_keys_path` names: a JSON array of private
// JWKs as `supabase gen signing-key` writes it (a `{ "keys": [...] }` set is read too). The
// first key allowed to sign signs; every key verifies; the public halves form the JWKS.
import { readFileSync } from 'node:fs'
import { importJWK, type CryptoKey, type JWK } from 'jose'

/** The algorithms `supabase gen signing-key` produces and GoTrue signs with. */
export const ASYMMETRIC_ALGS = ['ES256', 'RS256'] as const
export type AsymmetricAlg = (typeof ASYMMETRIC_ALGS)[number]

export interface SigningKey {
  kid: string
  alg: AsymmetricAlg
  publicKey: CryptoKey | Uint8Array
  /** Present only for keys whose private half is in the file. */
  privateKey?: CryptoKey | Uint8Array
  canSign: boolean
  publicJwk: JWK
}

export interface SigningKeys {
  signer?: SigningKey
  byKid: Map<string, SigningKey>
  /** What `/auth/v1/.well-known/jwks.json` publishes. */
  publicJwks: JWK[]
}

const PRIVATE_FIELDS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const

export class SigningKeysError extends Error {}

function publicHalf(jwk: JWK): JWK {
  const pub: JWK = { ...jwk }
  for (const f of PRIVATE_FIELDS) delete (pub as Record<string, unknown>)[f]
  // As GoTrue publishes them: for signatures, verification only.
  pub.use = 'sig'
  pub.key_ops = ['verify']
  delete pub.ext
  return pub
}

async function importKey(jwk: JWK, index: number): Promise<SigningKey> {
  const where = `signing key #${index + 1}`
  if (!jwk || typeof jwk !== 'object') throw new SigningKeysError(`${where} is not a JWK object`)
  if (!jwk.kid) throw new SigningKeysError(`${where} has no "kid" (tokens name their key by it)`)
  if (!ASYMMETRIC_ALGS.includes(jwk.alg as AsymmetricAlg))
    throw new SigningKeysError(
      `${where} (${jwk.kid}): alg ${String(jwk.alg)} is not supported; use ES256 or RS256 as \`supabase gen signing-key\` writes`,
    )
  const alg = jwk.alg as AsymmetricAlg
  const pub = publicHalf(jwk)
  try {
    const publicKey = await importJWK({ ...pub, key_ops: ['verify'] }, alg)
    const hasPrivate = typeof jwk.d === 'string'
    const privateKey = hasPrivate ? await importJWK({ ...jwk, key_ops: ['sign'] }, alg) : undefined
    const mayUse = !jwk.key_ops || jwk.key_ops.includes('sign')
    return { kid: jwk.kid, alg, publicKey, privateKey, canSign: hasPrivate && mayUse, publicJwk: pub }
  } catch (err) {
    throw new SigningKeysError(`${where} (${jwk.kid}) cannot be imported: ${(err as Error).message}`)
  }
}

export async function parseSigningKeys(text: string, source = 'signing keys'): Promise<SigningKeys> {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw new SigningKeysError(`${source} is not JSON: ${(err as Error).message}`)
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown })?.keys
  if (!Array.isArray(list) || list.length === 0)
    throw new SigningKeysError(`${source} holds no keys (expected a JSON array of JWKs)`)
  const keys = await Promise.all(list.map((jwk, i) => importKey(jwk as JWK, i)))
  const byKid = new Map<string, SigningKey>()
  for (const k of keys) {
    if (byKid.has(k.kid)) throw new SigningKeysError(`${source}: kid ${k.kid} appears twice`)
    byKid.set(k.kid, k)
  }
  const signer = keys.find((k) => k.canSign)
  if (!signer) throw new SigningKeysError(`${source}: no key with its private half may sign`)
  return { signer, byKid, publicJwks: keys.map((k) => k.publicJwk) }
}

export async function loadSigningKeys(file: string): Promise<SigningKeys> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new SigningKeysError(`[auth] signing_keys_path: cannot read ${file}: ${(err as Error).message}`)
  }
  return parseSigningKeys(text, `[auth] signing_keys_path (${file})`)
}
