import { describe, expect, it } from 'vitest'
import { itemsPayload, toCents, validateCustomer, validateItems } from './validation'

describe('customer form', () => {
  it('needs a name and a valid email; phone and address are optional', () => {
    expect(validateCustomer({ name: ' ', email: 'nope', phone: '', address: '' })).toEqual({
      name: 'Enter a name.',
      email: 'Enter an email address like name@example.com.',
    })
    expect(validateCustomer({ name: 'Ann', email: 'ann@example.com', phone: '', address: '' })).toEqual({})
  })
})

describe('items form', () => {
  it('checks each row and reports the errors at the field', () => {
    const r = validateItems([
      { description: 'Mug', quantity: 2, price: '9.50' },
      { description: '', quantity: 0, price: '9.999' },
    ])
    expect(r.ok).toBe(false)
    expect(r.errors[0]).toEqual({})
    expect(r.errors[1]).toEqual({
      description: 'Describe the item.',
      quantity: 'A whole number above 0.',
      price: 'An amount like 12.50.',
    })
  })

  it('needs at least one item', () => {
    expect(validateItems([])).toMatchObject({ ok: false, message: 'Add at least one item.' })
  })

  it('turns typed prices into integer cents without float drift', () => {
    expect(toCents('19.90')).toBe(1990)
    expect(toCents('0.29')).toBe(29)
    expect(toCents('-1')).toBeUndefined()
    expect(itemsPayload([{ description: ' Tea ', quantity: '3', price: '1.1' }])).toEqual([
      { description: 'Tea', quantity: 3, unit_price_cents: 110 },
    ])
  })
})
