// Resend's request rules for POST /emails: required fields, address shapes, limits. Errors
// come back in Resend's body shape `{ statusCode, name, message }`.
import type { NewMessage } from './store.ts'

export class ResendError extends Error {
  constructor(
    readonly statusCode: number,
    readonly name: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
  body() {
    return { statusCode: this.statusCode, name: this.name, message: this.message }
  }
}

const MAX_RECIPIENTS = 50
// `Name <addr@host>` or `addr@host`, as Resend accepts them.
const ADDRESS = /^(?:[^<>]*<\s*([^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)\s*>|([^\s<>@]+@[^\s<>@]+\.[^\s<>@]+))$/

function missing(field: string): ResendError {
  return new ResendError(422, 'missing_required_field', `Missing \`${field}\` field.`)
}

function invalid(message: string): ResendError {
  return new ResendError(422, 'validation_error', message)
}

function addressList(value: unknown, field: string, required: boolean): string[] {
  if (value === undefined || value === null || value === '') {
    if (required) throw missing(field)
    return []
  }
  const list = Array.isArray(value) ? value : [value]
  if (required && list.length === 0) throw missing(field)
  if (list.length > MAX_RECIPIENTS)
    throw invalid(`Too many recipients in \`${field}\`: at most ${MAX_RECIPIENTS}.`)
  for (const a of list) {
    if (typeof a !== 'string' || !ADDRESS.test(a.trim())) {
      throw invalid(
        `Invalid \`${field}\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`,
      )
    }
  }
  return list.map((a: string) => a.trim())
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw invalid(`Invalid \`${field}\` field: expected a string.`)
  return value
}

/** Checks one message of a POST /emails (or /emails/batch) body; returns what the store keeps. */
export function validateMessage(input: unknown): NewMessage {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw invalid('The request body must be a JSON object.')
  }
  const body = input as Record<string, unknown>
  const from = addressList(body.from, 'from', true)
  if (from.length !== 1) throw invalid('Invalid `from` field: one sender address.')
  const to = addressList(body.to, 'to', true)
  const subject = optionalString(body.subject, 'subject')
  if (!subject) throw missing('subject')
  const html = optionalString(body.html, 'html')
  const text = optionalString(body.text, 'text')
  if (html === undefined && text === undefined && body.react === undefined && body.template === undefined) {
    throw missing('html` or `text')
  }
  const headers = body.headers ?? {}
  if (typeof headers !== 'object' || Array.isArray(headers))
    throw invalid('Invalid `headers` field: expected an object.')
  const tags = body.tags ?? []
  if (!Array.isArray(tags)) throw invalid('Invalid `tags` field: expected an array of { name, value }.')
  return {
    from: from[0]!,
    to,
    cc: addressList(body.cc, 'cc', false),
    bcc: addressList(body.bcc, 'bcc', false),
    replyTo: addressList(body.reply_to ?? body.replyTo, 'reply_to', false),
    subject,
    html: html ?? null,
    text: text ?? null,
    headers: headers as Record<string, string>,
    tags: tags as unknown[],
    source: 'api',
  }
}
