// The order statuses as the database's lifecycle trigger knows them, for every function.
export const ORDER_STATUSES = [
  'pending',
  'confirmed',
  'processing',
  'shipped',
  'out_for_delivery',
  'delivered',
  'cancelled',
] as const

export type OrderStatus = (typeof ORDER_STATUSES)[number]

/** The way forward, in order (cancelled stands apart). */
export const LIFECYCLE: readonly OrderStatus[] = ORDER_STATUSES.filter((s) => s !== 'cancelled')
