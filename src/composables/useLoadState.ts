// A page's first load, said once: loading until the first answer, then the error in plain
// words (or none). `settle` throws the error on, so the live binding knows the fetch failed.
import { ref } from 'vue'
import { friendlyError } from '@/lib/errors'

export function useLoadState() {
  const loading = ref(true)
  const error = ref('')
  /** After a fetch: loading off, the first of `errors` shown (and thrown), or none. */
  function settle(...errors: unknown[]): void {
    loading.value = false
    const first = errors.find(Boolean)
    error.value = first ? friendlyError(first) : ''
    if (first) throw first
  }
  return { loading, error, settle }
}
