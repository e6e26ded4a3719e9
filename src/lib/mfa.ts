// The second sign-in step's small rules, Vue-free: what an admin still has to do, a typed
// code as Auth wants it, and the secret written for people to type.
import type { Level } from './access'

export type SecondStep = 'enrol' | 'code' | 'done'

/** Enrol an authenticator app (no verified factor yet), type its code, or nothing left. */
export function secondStep(currentLevel: Level, nextLevel: Level): SecondStep {
  if (currentLevel === 'aal2') return 'done'
  return nextLevel === 'aal2' ? 'code' : 'enrol'
}

/** Apps show "123 456"; people paste "123-456": Auth wants the six digits alone. */
export function cleanCode(typed: string): string {
  return typed.replace(/[\s-]/g, '')
}

export const isSixDigits = (code: string) => /^\d{6}$/.test(code)

/** A base32 secret in groups of four, easier to read out and type. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? ''
}
