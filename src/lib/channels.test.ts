import type { RealtimeChannel } from '@supabase/supabase-js'
import { describe, expect, it, vi } from 'vitest'
import { type ChannelSource, customerChannel, deskChannel, orderChannel, topics } from './channels'

/** Records what a view asks of supabase-js and lets the test play the server's messages. */
function fakeSource() {
  const made: Array<{ topic: string; config: unknown; listeners: Map<string, (m: unknown) => void> }> = []
  const source: ChannelSource = {
    channel(topic, options) {
      const listeners = new Map<string, (m: unknown) => void>()
      made.push({ topic, config: options?.config, listeners })
      const ch = {
        on(type: string, filter: { event: string }, cb: (m: unknown) => void) {
          listeners.set(`${type}:${filter.event}`, cb)
          return ch
        },
        presenceState: () => ({}),
      }
      return ch as unknown as RealtimeChannel
    },
  }
  return { source, made }
}

describe('the app’s live channels', () => {
  it('every channel is private, on the topic the database sends to', () => {
    const { source, made } = fakeSource()
    customerChannel(source, 'c1', {})
    orderChannel(source, 'o1', {})
    deskChannel(source, {})
    expect(made.map((m) => m.topic)).toEqual([topics.customer('c1'), topics.order('o1'), topics.desk])
    expect(made.map((m) => (m.config as { private: boolean }).private)).toEqual([true, true, true])
    expect(topics.customer('c1')).toBe('customer:c1')
  })

  it('a broadcast change reaches the handler of its table only', () => {
    const { source, made } = fakeSource()
    const orders = vi.fn()
    const items = vi.fn()
    customerChannel(source, 'c1', { orders, order_items: items })
    const change = { table: 'orders', operation: 'UPDATE', record: { id: 'o1' }, old_record: null }
    made[0]!.listeners.get('broadcast:*')!({ type: 'broadcast', event: 'orders', payload: change })
    made[0]!.listeners.get('broadcast:*')!({
      type: 'broadcast',
      event: 'notifications',
      payload: { table: 'notifications' },
    })
    expect(orders).toHaveBeenCalledWith(change)
    expect(items).not.toHaveBeenCalled()
  })
})
