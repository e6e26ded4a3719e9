// Who is signed in, and as what: an admin (app_metadata.role = admin) or a customer.
import type { Session } from '@supabase/supabase-js'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { supabase } from '@/lib/supabase'

export type Role = 'admin' | 'customer' | 'anonymous'

export function roleOf(session: Session | null): Role {
  if (!session) return 'anonymous'
  return session.user.app_metadata?.role === 'admin' ? 'admin' : 'customer'
}

export const useAuthStore = defineStore('auth', () => {
  const session = ref<Session | null>(null)
  const ready = ref(false)
  let started: Promise<void> | undefined

  const role = computed(() => roleOf(session.value))
  const email = computed(() => session.value?.user.email ?? '')

  /** Restores the stored session once and follows every later change. */
  function init(): Promise<void> {
    started ??= (async () => {
      const { data } = await supabase.auth.getSession()
      session.value = data.session
      supabase.auth.onAuthStateChange((_event, s) => {
        session.value = s
      })
      ready.value = true
    })()
    return started
  }

  async function signInWithPassword(emailAddress: string, password: string) {
    const { data, error } = await supabase.auth.signInWithPassword({ email: emailAddress, password })
    if (!error) session.value = data.session
    return error
  }

  async function sendCode(emailAddress: string) {
    const redirect = `${window.location.origin}/track`
    const { error } = await supabase.auth.signInWithOtp({
      email: emailAddress,
      options: { shouldCreateUser: false, emailRedirectTo: redirect },
    })
    return error
  }

  async function verifyCode(emailAddress: string, token: string) {
    const { data, error } = await supabase.auth.verifyOtp({ email: emailAddress, token, type: 'email' })
    if (!error) session.value = data.session
    return error
  }

  async function signOut() {
    await supabase.auth.signOut()
    session.value = null
  }

  return { session, ready, role, email, init, signInWithPassword, sendCode, verifyCode, signOut }
})
