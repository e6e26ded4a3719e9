// Sign-in accounts for tests (Vitest and Playwright alike): each test makes its own people,
// so files never collide on one stack.
import type { SupabaseClient } from '@supabase/supabase-js'
import { serviceClient, signedInClient, sql, unique } from './clients.ts'
import { enrolTotp } from './totp.ts'

export const PASSWORD = 'a-good-password'

export interface Person {
  email: string
  userId: string
  /** Signed in; an admin at aal2 (password + TOTP), as the app holds them. */
  client: SupabaseClient
  /** An admin's TOTP secret. */
  totpSecret?: string
}

/** A sign-in account; an admin also enrols a TOTP factor at once, as at their first sign-in. */
export async function makeUser(role: 'admin' | 'customer', prefix: string = role): Promise<Person> {
  const email = `${unique(prefix)}@example.test`
  const { data, error } = await serviceClient().auth.admin.createUser({
    email,
    password: PASSWORD,
    email_confirm: true,
    app_metadata: role === 'admin' ? { role: 'admin' } : {},
  })
  if (error) throw error
  const client = await signedInClient(email, PASSWORD)
  const totpSecret = role === 'admin' ? await enrolTotp(client) : undefined
  return { email, userId: data.user.id, client, totpSecret }
}

export interface CustomerPerson extends Person {
  customerId: string
  name: string
}

/** A customer row linked to a fresh sign-in account (linked the way an invite does). */
export async function makeCustomer(prefix = 'cust', name = `Customer ${prefix}`): Promise<CustomerPerson> {
  const person = await makeUser('customer', prefix)
  const { rows } = await sql().query<{ id: string }>(
    `insert into public.customers (name, email, user_id) values ($1, $2, $3) returning id`,
    [name, person.email, person.userId],
  )
  return { ...person, customerId: rows[0]!.id, name }
}
