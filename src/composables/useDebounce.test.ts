import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { useDebounce } from './useDebounce'

describe('useDebounce', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('runs once, after the last call has waited long enough', () => {
    const fn = vi.fn()
    const scope = effectScope()
    const d = scope.run(() => useDebounce(fn, 100))!
    d.run()
    vi.advanceTimersByTime(60)
    d.run()
    vi.advanceTimersByTime(60)
    expect(fn).not.toHaveBeenCalled()
    vi.advanceTimersByTime(40)
    expect(fn).toHaveBeenCalledTimes(1)
    scope.stop()
  })

  it('never runs after its component is gone', () => {
    const fn = vi.fn()
    const scope = effectScope()
    const d = scope.run(() => useDebounce(fn, 100))!
    d.run()
    scope.stop()
    vi.advanceTimersByTime(500)
    expect(fn).not.toHaveBeenCalled()
    // the positive control: the same call without the unmount does run
    const again = effectScope()
    again.run(() => useDebounce(fn, 100))!.run()
    vi.advanceTimersByTime(100)
    expect(fn).toHaveBeenCalledTimes(1)
    again.stop()
  })
})
