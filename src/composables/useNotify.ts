// Toasts for the results of actions, in plain words.
import { useToast } from 'bootstrap-vue-next'
import { friendlyError } from '@/lib/errors'

export function useNotify() {
  const toast = useToast()
  const show = (body: string, variant: 'success' | 'danger' | 'info') =>
    toast.create({ body, variant, modelValue: 5000, position: 'top-end' }).show()
  return {
    ok: (body: string) => show(body, 'success'),
    info: (body: string) => show(body, 'info'),
    fail: (error: unknown) => show(friendlyError(error), 'danger'),
  }
}
