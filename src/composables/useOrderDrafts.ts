// The order page's unsaved edits: the details form and the items, each with its own dirty
// flag. Fresh copies of the order replace the drafts only while nothing is being edited;
// when a save is refused as stale, the conflict names the fields someone else changed.
import { reactive, ref } from 'vue'
import type { FullOrder, OrderDetails } from '@/composables/useOrder'
import { type ItemErrors, type ItemForm, validateItems } from '@/lib/validation'

const DETAIL_FIELDS = ['notes', 'carrier', 'tracking_number', 'estimated_delivery'] as const
export type DetailsForm = Record<(typeof DETAIL_FIELDS)[number], string>

function detailsOf(o: FullOrder): DetailsForm {
  return {
    notes: o.notes ?? '',
    carrier: o.carrier ?? '',
    tracking_number: o.tracking_number ?? '',
    estimated_delivery: o.estimated_delivery ?? '',
  }
}

export function useOrderDrafts() {
  const details = reactive<DetailsForm>(detailsOf({} as FullOrder))
  /** The version the drafts were taken from: what a save says it changes. */
  const version = ref(0)
  const base = ref<DetailsForm>()
  const detailsDirty = ref(false)
  const items = ref<ItemForm[]>([])
  const itemsDirty = ref(false)
  const itemErrors = ref<ItemErrors[]>([])
  const conflict = ref<{ fields: string[] }>()

  function reset(o: FullOrder): void {
    base.value = detailsOf(o)
    Object.assign(details, base.value)
    version.value = o.version
    detailsDirty.value = false
    items.value = o.items.map((i) => ({
      description: i.description,
      quantity: i.quantity,
      price: (i.unit_price_cents / 100).toFixed(2),
    }))
    itemsDirty.value = false
    conflict.value = undefined
  }

  return {
    details,
    version,
    detailsDirty,
    items,
    itemsDirty,
    itemErrors,
    conflict,
    reset,
    resetIfClean(o: FullOrder): void {
      if (!detailsDirty.value && !itemsDirty.value) reset(o)
    },
    /** A save was refused as stale: refetch, then name the fields that differ from where the edits began. */
    async conflictAfter(refetch: () => Promise<void>, fresh: () => FullOrder | undefined): Promise<void> {
      const mine = base.value
      await refetch()
      const now = fresh()
      const theirs = now ? detailsOf(now) : undefined
      conflict.value = { fields: mine && theirs ? DETAIL_FIELDS.filter((f) => mine[f] !== theirs[f]) : [] }
    },
    detailsToSave(): OrderDetails {
      return {
        notes: details.notes || null,
        carrier: details.carrier || null,
        tracking_number: details.tracking_number || null,
        estimated_delivery: details.estimated_delivery || null,
      }
    },
    /** The items, when valid (errors shown otherwise). */
    itemsToSave(): ItemForm[] | undefined {
      const check = validateItems(items.value)
      itemErrors.value = check.errors
      return check.ok ? items.value : undefined
    },
  }
}
