// Saving a customer from a form, with the server's complaints mapped back to fields.
import { friendlyError } from './errors'
import type { Customer } from './model'
import { supabase } from './supabase'
import type { CustomerForm, Errors } from './validation'

export const emptyCustomer = (): CustomerForm => ({ name: '', email: '', phone: '', address: '' })

export async function saveCustomer(
  form: CustomerForm,
  id?: string,
): Promise<{ customer?: Customer; errors?: Errors<keyof CustomerForm>; message?: string }> {
  const row = {
    name: form.name.trim(),
    email: form.email.trim(),
    phone: form.phone.trim() || null,
    address: form.address.trim() || null,
  }
  const res = id
    ? await supabase.from('customers').update(row).eq('id', id).select().single()
    : await supabase.from('customers').insert(row).select().single()
  if (!res.error) return { customer: res.data }
  if (res.error.code === '23505') return { errors: { email: 'A customer with this email already exists.' } }
  if (res.error.code === '23514' && res.error.message.includes('email'))
    return { errors: { email: 'This email is not valid.' } }
  return { message: friendlyError(res.error) }
}
