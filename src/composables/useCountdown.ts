// A countdown in whole seconds ("send again in 42 s"), stopped with its component.
import { onScopeDispose, readonly, ref } from 'vue'

export function useCountdown() {
  const left = ref(0)
  let timer: ReturnType<typeof setInterval> | undefined

  function stop() {
    clearInterval(timer)
    timer = undefined
  }

  /** Counts down from `seconds`, by the clock (a busy tab's late ticks do not stretch it). */
  function start(seconds: number) {
    stop()
    const until = Date.now() + seconds * 1000
    const tick = () => {
      left.value = Math.max(0, Math.ceil((until - Date.now()) / 1000))
      if (left.value === 0) stop()
    }
    tick()
    if (left.value > 0) timer = setInterval(tick, 250)
  }

  onScopeDispose(stop)
  return { left: readonly(left), start }
}
