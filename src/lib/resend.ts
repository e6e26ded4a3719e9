// "Send the code again": how long Auth asks to wait before another email, read from its 429.

/**
 * How long to wait after Supabase Auth's "For security purposes, you can only request this
 * after N seconds." (its max_frequency for emails), or undefined when the error says no such
 * thing. Auth rounds the time left down to whole seconds, so a wait is one second longer.
 */
export function waitSeconds(error: { status?: number; message?: string } | null): number | undefined {
  if (error?.status !== 429) return undefined
  const m = error.message?.match(/after (\d+) seconds?/)
  return m ? Number(m[1]) + 1 : undefined
}
