// Who is signed in, and as what: an admin (app_metadata.role = admin) or a customer, and at
// which assurance level (aal2 once an admin has typed a TOTP code).
import type { Session } from '@supabase/supabase-js'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Level, Role } from '@/lib/access'
import { supabase } from '@/lib/supabase'

export type { Role }

export function roleOf(session: Session | null): Role {
  if (!session) return 'anonymous'
  return session.user.app_metadata?.role === 'admin' ? 'admin' : 'customer'
}

const levelOf = (l: string | null | undefined): Level => (l === 'aal1' || l === 'aal2' ? l : null)

export interface Assurance {
  currentLevel: Level
  /** aal2 when the user has a verified factor to reach it with. */
  nextLevel: Level
}

export const useAuthStore = defineStore('auth', () => {
  const session = ref<Session | null>(null)
  const ready = ref(false)
  const assurance = ref<Assurance>({ currentLevel: null, nextLevel: null })
  let started: Promise<void> | undefined

  const role = computed(() => roleOf(session.value))
  const email = computed(() => session.value?.user.email ?? '')
  /** An admin who has passed the second step: the one who sees admin pages. */
  const isStaff = computed(() => role.value === 'admin' && assurance.value.currentLevel === 'aal2')

  /** Reads the session's level (from its token) and whether a verified factor exists. */
  async function checkAssurance(): Promise<Assurance> {
    const { data } = await supabase.auth.mfa.getAuthenticatorAssuranceLevel()
    assurance.value = { currentLevel: levelOf(data?.currentLevel), nextLevel: levelOf(data?.nextLevel) }
    return assurance.value
  }

  /** Restores the stored session once and follows every later change. */
  function init(): Promise<void> {
    started ??= (async () => {
      const { data } = await supabase.auth.getSession()
      session.value = data.session
      supabase.auth.onAuthStateChange((event, s) => {
        session.value = s
        // supabase-js gives Realtime a new token on sign-in and refresh, not after an MFA
        // verification: without this the admin's channels would still act at aal1.
        if (event === 'MFA_CHALLENGE_VERIFIED' && s) void supabase.realtime.setAuth(s.access_token)
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
    assurance.value = { currentLevel: null, nextLevel: null }
  }

  return {
    session,
    ready,
    role,
    email,
    assurance,
    isStaff,
    init,
    checkAssurance,
    signInWithPassword,
    sendCode,
    verifyCode,
    signOut,
  }
})
