// The desk's settings (public.desk_settings, admins only): when a pending order needs
// attention, and the shop's time zone that says where each day begins.
import { ref } from 'vue'
import { friendlyError } from '@/lib/errors'
import { supabase } from '@/lib/supabase'

export interface DeskSettingsForm {
  pendingAlertMinutes: number
  timeZone: string
}

/** Time zones the browser knows, for the picker (the database checks its own list). */
export const timeZones = (): string[] => Intl.supportedValuesOf?.('timeZone') ?? ['UTC']

export function useDeskSettings() {
  const form = ref<DeskSettingsForm>({ pendingAlertMinutes: 1440, timeZone: 'UTC' })
  const error = ref('')
  const busy = ref(false)

  async function load(): Promise<void> {
    const { data, error: e } = await supabase
      .from('desk_settings')
      .select('pending_alert_minutes, time_zone')
      .maybeSingle()
    error.value = e ? friendlyError(e) : ''
    if (data) form.value = { pendingAlertMinutes: data.pending_alert_minutes, timeZone: data.time_zone }
  }

  /** Saves the form; true when saved, else `error` says why in words. */
  async function save(): Promise<boolean> {
    const minutes = Math.round(Number(form.value.pendingAlertMinutes))
    if (!(minutes >= 5 && minutes <= 43_200)) {
      error.value = 'Choose between 5 minutes and 30 days (43,200 minutes).'
      return false
    }
    busy.value = true
    const { error: e } = await supabase
      .from('desk_settings')
      .update({ pending_alert_minutes: minutes, time_zone: form.value.timeZone })
      .eq('id', true)
      .select()
      .single()
    busy.value = false
    error.value = e ? (e.code === '22023' ? e.message : friendlyError(e)) : ''
    return !e
  }

  return { form, error, busy, load, save }
}
