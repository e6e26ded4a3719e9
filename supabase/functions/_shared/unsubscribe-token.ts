// Signed unsubscribe tokens: `<customer id>.<HMAC-SHA256 of it>` with UNSUBSCRIBE_SECRET, so a
// link in an email turns that one customer's order emails off without a sign-in, and no one
// can make a link for anybody else. Works in Deno and Node (Web Crypto only).
const PURPOSE = 'order-emails-off:v1:'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
export const MIN_SECRET_LENGTH = 32

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) return undefined
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '=')
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}

function key(secret: string, usage: 'sign' | 'verify') {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`UNSUBSCRIBE_SECRET must be at least ${MIN_SECRET_LENGTH} characters`)
  }
  const raw = new TextEncoder().encode(secret)
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [usage])
}

export async function signUnsubscribeToken(secret: string, customerId: string): Promise<string> {
  const id = customerId.toLowerCase()
  if (!UUID.test(id)) throw new Error('a customer id is a UUID')
  const mac = await crypto.subtle.sign(
    'HMAC',
    await key(secret, 'sign'),
    new TextEncoder().encode(PURPOSE + id),
  )
  return `${id}.${base64url(new Uint8Array(mac))}`
}

/** The customer id a token was signed for, or undefined for anything forged or altered. */
export async function verifyUnsubscribeToken(secret: string, token: string): Promise<string | undefined> {
  const [id, mac, ...rest] = token.split('.')
  if (rest.length || !id || !mac || !UUID.test(id)) return undefined
  const signature = fromBase64url(mac)
  if (!signature) return undefined
  const data = new TextEncoder().encode(PURPOSE + id)
  // crypto.subtle.verify compares in constant time.
  return (await crypto.subtle.verify('HMAC', await key(secret, 'verify'), signature, data)) ? id : undefined
}
