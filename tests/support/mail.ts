// Reading the mail sink from tests: wait for a message, clear the inbox.
import type { StoredMessage } from '../../stack/mail/store.ts'
import { stackEnv } from './clients.ts'

/** A message as the sink keeps it (its API answers with these). */
export type SinkMessage = StoredMessage

export async function listMail(to?: string, mailUrl = stackEnv().mailUrl): Promise<SinkMessage[]> {
  const url = new URL('/api/messages', mailUrl)
  if (to) url.searchParams.set('to', to)
  const res = await fetch(url)
  if (!res.ok) throw new Error(`mail sink answered ${res.status}`)
  return ((await res.json()) as { messages: SinkMessage[] }).messages
}

/** Polls the sink until a message to `to` (and matching `subject`, newer than `since`) arrives. */
export async function waitForMail(o: {
  to: string
  subject?: string | RegExp
  since?: Date
  timeoutMs?: number
  /** Another stack's mail sink (default: the stack under test). */
  mailUrl?: string
}): Promise<SinkMessage> {
  const deadline = Date.now() + (o.timeoutMs ?? 10_000)
  const matches = (m: SinkMessage) =>
    m.to.some((t) => t.toLowerCase().includes(o.to.toLowerCase())) &&
    (o.subject === undefined ||
      (typeof o.subject === 'string' ? m.subject.includes(o.subject) : o.subject.test(m.subject))) &&
    (!o.since || new Date(m.created_at) >= o.since)
  for (;;) {
    const found = (await listMail(o.to, o.mailUrl)).find(matches)
    if (found) return found
    if (Date.now() > deadline)
      throw new Error(`no mail to ${o.to}${o.subject ? ` about ${String(o.subject)}` : ''} arrived`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

export async function clearMail(): Promise<void> {
  await fetch(new URL('/api/messages', stackEnv().mailUrl), { method: 'DELETE' })
}
