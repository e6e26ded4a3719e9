import { describe, expect, it } from 'vitest'
import { parseDuration } from './duration.ts'

describe('Go durations from config.toml', () => {
  it('reads the forms the CLI writes', () => {
    expect(parseDuration('1s')).toBe(1000)
    expect(parseDuration('60s')).toBe(60_000)
    expect(parseDuration('1m30s')).toBe(90_000)
    expect(parseDuration('500ms')).toBe(500)
    expect(parseDuration('2h')).toBe(7_200_000)
  })
  it('refuses what is not a duration', () => {
    expect(() => parseDuration('10')).toThrow(/not a duration/)
    expect(() => parseDuration('1 day')).toThrow(/not a duration/)
  })
})
