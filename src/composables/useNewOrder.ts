// The new-order form: an existing customer (the list is fetched on mount) or a new one saved
// first, the items, notes; creating the order goes through the create_order RPC.
import { onMounted, ref } from 'vue'
import { useRouter } from 'vue-router'
import { useNotify } from '@/composables/useNotify'
import { emptyCustomer, saveCustomer } from '@/lib/customers'
import { friendlyError } from '@/lib/errors'
import type { Customer } from '@/lib/model'
import { supabase } from '@/lib/supabase'
import {
  type CustomerForm,
  type Errors,
  type ItemErrors,
  type ItemForm,
  itemsPayload,
  validateCustomer,
  validateItems,
} from '@/lib/validation'

export function useNewOrder() {
  const router = useRouter()
  const notify = useNotify()
  const customers = ref<Pick<Customer, 'id' | 'name' | 'email'>[]>([])
  const who = ref<'existing' | 'new'>('existing')
  const customerId = ref('')
  const customer = ref<CustomerForm>(emptyCustomer())
  const customerErrors = ref<Errors<keyof CustomerForm>>({})
  const items = ref<ItemForm[]>([{ description: '', quantity: 1, price: '' }])
  const itemErrors = ref<ItemErrors[]>([])
  const notes = ref('')
  const error = ref('')
  const busy = ref(false)

  onMounted(async () => {
    const { data, error: e } = await supabase.from('customers').select('id, name, email').order('name')
    if (e) error.value = friendlyError(e)
    customers.value = data ?? []
    if (customers.value.length === 0) who.value = 'new'
  })

  /** The chosen customer's id; a new customer is saved first (undefined when refused). */
  async function chosenCustomer(): Promise<string | undefined> {
    if (who.value === 'existing') return customerId.value
    const saved = await saveCustomer(customer.value)
    if (!saved.customer) {
      customerErrors.value = saved.errors ?? {}
      error.value = saved.message ?? ''
      return undefined
    }
    customers.value.push(saved.customer)
    who.value = 'existing'
    customerId.value = saved.customer.id
    return saved.customer.id
  }

  async function submit(): Promise<void> {
    error.value = ''
    customerErrors.value = who.value === 'new' ? validateCustomer(customer.value) : {}
    const check = validateItems(items.value)
    itemErrors.value = check.errors
    if (who.value === 'existing' && !customerId.value) error.value = 'Choose a customer.'
    if (error.value || Object.keys(customerErrors.value).length || !check.ok) return

    busy.value = true
    const id = await chosenCustomer()
    if (!id) return void (busy.value = false)
    const { data, error: e } = await supabase.rpc('create_order', {
      customer_id: id,
      items: itemsPayload(items.value),
      notes: notes.value.trim() || undefined,
    })
    busy.value = false
    if (e) return void (error.value = friendlyError(e))
    notify.ok(`Order ${data.number} created.`)
    await router.push(`/admin/orders/${data.id}`)
  }

  return {
    customers,
    who,
    customerId,
    customer,
    customerErrors,
    items,
    itemErrors,
    notes,
    error,
    busy,
    submit,
  }
}
