// The shop's branding in its emails, from the function's environment (SHOP_NAME,
// SHOP_BRAND_COLOR, SHOP_LOGO_URL, SHOP_ADDRESS); anything malformed falls back to a default
// rather than reaching the HTML.
export interface Brand {
  name: string
  /** #rrggbb */
  color: string
  /** Black or white, whichever reads better on `color`. */
  onColor: string
  logoUrl: string | null
  address: string | null
}

export const DEFAULT_BRAND: Brand = {
  name: 'Realtime Orders',
  color: '#1d4ed8',
  onColor: '#ffffff',
  logoUrl: null,
  address: null,
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

/** WCAG contrast: white text unless dark text reads better on the colour. */
export function textOn(hex: string): string {
  const l = luminance(hex)
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? '#111827' : '#ffffff'
}

function httpUrl(value: string | undefined): string | null {
  if (!value) return null
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null
  } catch {
    return null
  }
}

export function brandFrom(env: (name: string) => string | undefined): Brand {
  const raw = env('SHOP_BRAND_COLOR')?.trim() ?? ''
  const color = /^#[0-9a-f]{6}$/i.test(raw) ? raw.toLowerCase() : DEFAULT_BRAND.color
  return {
    name: env('SHOP_NAME')?.trim() || DEFAULT_BRAND.name,
    color,
    onColor: textOn(color),
    logoUrl: httpUrl(env('SHOP_LOGO_URL')?.trim()),
    address: env('SHOP_ADDRESS')?.trim() || null,
  }
}
