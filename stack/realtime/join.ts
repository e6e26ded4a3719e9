// A channel join as realtime-js sends it: the config it carries, the postgres_changes
// bindings it asks for, and the rule for which joins a project refuses outright.
import { BindingError, parseRowFilter, type Binding } from './filters.ts'

export interface JoinConfig {
  broadcast?: { self?: boolean; ack?: boolean }
  presence?: { key?: string; enabled?: boolean }
  postgres_changes?: Array<{ event?: string; schema?: string; table?: string; filter?: string }>
  private?: boolean
}

const EVENTS = new Set(['*', 'INSERT', 'UPDATE', 'DELETE'])
let nextBinding = 0

export function bindingsFrom(config: JoinConfig): Binding[] {
  return (config.postgres_changes ?? []).map((pc) => {
    const event = (pc.event ?? '*').toUpperCase()
    if (!EVENTS.has(event))
      throw new BindingError(`Invalid event "${pc.event}": expected *, INSERT, UPDATE or DELETE`)
    if (!pc.schema) throw new BindingError('A postgres_changes binding needs a schema')
    return {
      id: ++nextBinding,
      event: event as Binding['event'],
      schema: pc.schema,
      table: pc.table ?? '*',
      filterText: pc.filter,
      filter: pc.filter ? parseRowFilter(pc.filter) : undefined,
    }
  })
}

/** `realtime:room` → `room`, the name policies see through realtime.topic(). */
export const channelName = (topic: string) => topic.replace(/^realtime:/, '')

/** Channels one socket may hold, as Supabase's default `max_channels_per_client`. */
export const MAX_CHANNELS_PER_SOCKET = 100

/**
 * Why a join is refused before any token or policy is looked at, as Supabase words it.
 * `joined` is how many other channels the socket already holds.
 */
export function joinRefusal(
  topic: string,
  config: JoinConfig,
  o: { privateOnly: boolean; joined: number },
): string | undefined {
  if (channelName(topic) === '') return 'TopicNameRequired: You must provide a topic name'
  if (o.privateOnly && config.private !== true)
    return 'PrivateOnly: This project only allows private channels'
  if (o.joined >= MAX_CHANNELS_PER_SOCKET) return 'ChannelRateLimitReached: Too many channels'
  return undefined
}
