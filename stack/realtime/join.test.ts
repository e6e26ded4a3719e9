import { describe, expect, it } from 'vitest'
import { channelName, joinRefusal } from './join.ts'

describe('joins refused before any token or policy is looked at', () => {
  it('a project without public access refuses public channels with Supabase’s reason', () => {
    expect(joinRefusal('realtime:room', {}, true)).toBe(
      'PrivateOnly: This project only allows private channels',
    )
    expect(joinRefusal('realtime:room', { private: false }, true)).toMatch(/^PrivateOnly/)
    expect(joinRefusal('realtime:room', { private: true }, true)).toBeUndefined()
    expect(joinRefusal('realtime:room', {}, false)).toBeUndefined()
  })

  it('a channel needs a name', () => {
    expect(joinRefusal('realtime:', { private: true }, false)).toBe(
      'TopicNameRequired: You must provide a topic name',
    )
  })

  it('policies see the channel name without the realtime: prefix', () => {
    expect(channelName('realtime:customer:42')).toBe('customer:42')
  })
})
