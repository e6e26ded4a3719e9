import { describe, expect, it } from 'vitest'
import { MAX_CHANNELS_PER_SOCKET, channelName, joinRefusal } from './join.ts'

const open = { privateOnly: false, joined: 0 }

describe('joins refused before any token or policy is looked at', () => {
  it('a project without public access refuses public channels with Supabase’s reason', () => {
    const closed = { privateOnly: true, joined: 0 }
    expect(joinRefusal('realtime:room', {}, closed)).toBe(
      'PrivateOnly: This project only allows private channels',
    )
    expect(joinRefusal('realtime:room', { private: false }, closed)).toMatch(/^PrivateOnly/)
    expect(joinRefusal('realtime:room', { private: true }, closed)).toBeUndefined()
    expect(joinRefusal('realtime:room', {}, open)).toBeUndefined()
  })

  it('a channel needs a name', () => {
    expect(joinRefusal('realtime:', { private: true }, open)).toBe(
      'TopicNameRequired: You must provide a topic name',
    )
  })

  it('one socket holds at most 100 channels, so one client cannot make the stack keep unbounded state', () => {
    expect(joinRefusal('realtime:a', {}, { ...open, joined: MAX_CHANNELS_PER_SOCKET - 1 })).toBeUndefined()
    expect(joinRefusal('realtime:a', {}, { ...open, joined: MAX_CHANNELS_PER_SOCKET })).toBe(
      'ChannelRateLimitReached: Too many channels',
    )
  })

  it('policies see the channel name without the realtime: prefix', () => {
    expect(channelName('realtime:customer:42')).toBe('customer:42')
  })
})
