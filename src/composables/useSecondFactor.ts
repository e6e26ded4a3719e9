// An admin's second sign-in step through supabase auth.mfa: enrol an authenticator app
// (TOTP) at the first sign-in, then check its 6-digit code, which raises the session to aal2.
import type { Factor } from '@supabase/supabase-js'
import { ref } from 'vue'
import { friendlyError } from '@/lib/errors'
import { type SecondStep, cleanCode, isSixDigits, secondStep } from '@/lib/mfa'
import { supabase } from '@/lib/supabase'
import { useAuthStore } from '@/stores/auth'

export interface Enrolment {
  factorId: string
  /** The otpauth:// URI the QR code carries. */
  uri: string
  secret: string
}

export function useSecondFactor() {
  const auth = useAuthStore()
  const step = ref<SecondStep | 'loading'>('loading')
  const enrolment = ref<Enrolment | null>(null)
  const factorId = ref('')
  const error = ref('')
  const busy = ref(false)

  /** Decides the step from the server's list of factors (the session's copy may be stale). */
  async function load() {
    error.value = ''
    const { currentLevel } = await auth.checkAssurance()
    const { data, error: err } = await supabase.auth.mfa.listFactors()
    if (err || !data) {
      error.value = friendlyError(err)
      return
    }
    const verified = data.totp[0]
    step.value = secondStep(currentLevel, verified ? 'aal2' : 'aal1')
    if (step.value === 'code') factorId.value = verified!.id
    if (step.value === 'enrol') await enrol(data.all.filter((f) => f.status !== 'verified'))
  }

  /** A new TOTP factor; an abandoned, never verified one goes first (its name would clash). */
  async function enrol(abandoned: Factor[]) {
    for (const f of abandoned) await supabase.auth.mfa.unenroll({ factorId: f.id })
    const { data, error: err } = await supabase.auth.mfa.enroll({
      factorType: 'totp',
      friendlyName: 'Authenticator app',
      issuer: 'Realtime Orders',
    })
    if (err || !data) {
      error.value = friendlyError(err)
      return
    }
    enrolment.value = { factorId: data.id, uri: data.totp.uri, secret: data.totp.secret }
  }

  /** Checks a typed code; true once the session is at aal2. */
  async function verify(typed: string): Promise<boolean> {
    const code = cleanCode(typed)
    if (!isSixDigits(code)) {
      error.value = 'Enter the 6-digit code from your authenticator app.'
      return false
    }
    error.value = ''
    busy.value = true
    const id = enrolment.value?.factorId ?? factorId.value
    const { error: err } = await supabase.auth.mfa.challengeAndVerify({ factorId: id, code })
    busy.value = false
    if (err) {
      error.value = friendlyError(err)
      return false
    }
    await auth.checkAssurance()
    return true
  }

  return { step, enrolment, error, busy, load, verify }
}
