// Form checks run before anything is sent; the database checks the same rules again.
export type Errors<K extends string> = Partial<Record<K, string>>

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/

export interface CustomerForm {
  name: string
  email: string
  phone: string
  address: string
}

export function validateCustomer(f: CustomerForm): Errors<keyof CustomerForm> {
  const e: Errors<keyof CustomerForm> = {}
  if (!f.name.trim()) e.name = 'Enter a name.'
  else if (f.name.length > 200) e.name = 'At most 200 characters.'
  if (!EMAIL.test(f.email.trim())) e.email = 'Enter an email address like name@example.com.'
  if (f.phone.length > 40) e.phone = 'At most 40 characters.'
  if (f.address.length > 500) e.address = 'At most 500 characters.'
  return e
}

export interface ItemForm {
  description: string
  quantity: number | string
  price: number | string
}

export interface ItemErrors {
  description?: string
  quantity?: string
  price?: string
}

/** Dollars as typed → integer cents, or undefined when it is not a valid amount. */
export function toCents(price: number | string): number | undefined {
  const s = String(price).trim()
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return undefined
  return Math.round(Number(s) * 100)
}

export function validateItems(items: ItemForm[]): { errors: ItemErrors[]; ok: boolean; message?: string } {
  const errors = items.map((i) => {
    const e: ItemErrors = {}
    if (!i.description.trim()) e.description = 'Describe the item.'
    const q = Number(i.quantity)
    if (!Number.isInteger(q) || q <= 0) e.quantity = 'A whole number above 0.'
    if (toCents(i.price) === undefined) e.price = 'An amount like 12.50.'
    return e
  })
  const ok = items.length > 0 && errors.every((e) => Object.keys(e).length === 0)
  return { errors, ok, message: items.length === 0 ? 'Add at least one item.' : undefined }
}

export function itemsPayload(items: ItemForm[]) {
  return items.map((i) => ({
    description: i.description.trim(),
    quantity: Number(i.quantity),
    unit_price_cents: toCents(i.price)!,
  }))
}
