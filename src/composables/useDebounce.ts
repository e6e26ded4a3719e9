// One debounced call per component: a new call restarts the wait, unmounting cancels it.
import { onScopeDispose } from 'vue'

export function useDebounce(fn: () => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined
  const cancel = () => {
    clearTimeout(timer)
    timer = undefined
  }
  const run = () => {
    cancel()
    timer = setTimeout(() => {
      timer = undefined
      fn()
    }, ms)
  }
  onScopeDispose(cancel)
  return { run, cancel }
}
