// CSV export of the dashboard's filtered list: the export-orders function, called with the
// signed-in admin's session (it reads the orders as them), saved as a file.
import { ref } from 'vue'
import { supabase } from '@/lib/supabase'

export interface ExportFilter {
  status: string
  search: string
  customerId: string
}

export function useExport() {
  const busy = ref(false)
  const error = ref('')

  async function download(filter: ExportFilter): Promise<void> {
    busy.value = true
    error.value = ''
    const { data, error: e } = await supabase.functions.invoke<string>('export-orders', {
      body: {
        status: filter.status || undefined,
        search: filter.search.trim() || undefined,
        customer_id: filter.customerId || undefined,
      },
    })
    busy.value = false
    if (e) {
      const body = await (e as { context?: Response }).context?.json?.().catch(() => null)
      error.value = body?.message ?? 'The export did not work. Please try again.'
      return
    }
    // Reading the reply as text drops its byte order mark, which Excel needs to read UTF-8.
    const url = URL.createObjectURL(new Blob(['\uFEFF', data ?? ''], { type: 'text/csv;charset=utf-8' }))
    const link = Object.assign(document.createElement('a'), {
      href: url,
      download: `orders-${new Date().toISOString().slice(0, 10)}.csv`,
    })
    link.click()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }

  return { busy, error, download }
}
