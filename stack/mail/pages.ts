// The inbox a person reads: a list of messages and one message (HTML in a sandboxed frame,
// and the text part). Plain server-rendered HTML; everything from a message is escaped.
import type { StoredMessage } from './store.ts'

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1d2433; }
  h1 { font-size: 1.4rem; } a { color: #0b57d0; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #d5d9e0; vertical-align: top; }
  th { font-weight: 600; } .muted { color: #4f5b6d; } dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
  dt { font-weight: 600; } iframe { width: 100%; min-height: 24rem; border: 1px solid #d5d9e0; }
  pre { white-space: pre-wrap; background: #f4f6f8; padding: .75rem; border-radius: 4px; }
</style></head><body>${body}</body></html>`
}

const list = (xs: string[]) => escapeHtml(xs.join(', '))

export function inboxPage(messages: StoredMessage[], to?: string): string {
  const rows = messages
    .map(
      (m) => `<tr><td class="muted">${escapeHtml(m.created_at.replace('T', ' ').slice(0, 19))}</td>
<td>${list(m.to)}</td><td><a href="/messages/${escapeHtml(m.id)}">${escapeHtml(m.subject)}</a></td>
<td class="muted">${escapeHtml(m.from)}</td><td class="muted">${escapeHtml(m.source)}</td></tr>`,
    )
    .join('\n')
  const filter = `<form method="get" action="/"><label>Recipient <input name="to" value="${escapeHtml(to ?? '')}"></label> <button>Filter</button></form>`
  const table = messages.length
    ? `<table><thead><tr><th>Received (UTC)</th><th>To</th><th>Subject</th><th>From</th><th>Sent by</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p class="muted">No messages yet. Everything the app and Auth send appears here.</p>'
  return layout(
    'Mail sink',
    `<h1>Mail sink <span class="muted">(${messages.length})</span></h1>${filter}${table}`,
  )
}

export function messagePage(m: StoredMessage): string {
  const header = `<dl><dt>From</dt><dd>${escapeHtml(m.from)}</dd><dt>To</dt><dd>${list(m.to)}</dd>
${m.cc.length ? `<dt>Cc</dt><dd>${list(m.cc)}</dd>` : ''}${m.bcc.length ? `<dt>Bcc</dt><dd>${list(m.bcc)}</dd>` : ''}
${m.reply_to.length ? `<dt>Reply-To</dt><dd>${list(m.reply_to)}</dd>` : ''}
<dt>Subject</dt><dd>${escapeHtml(m.subject)}</dd><dt>Received</dt><dd>${escapeHtml(m.created_at)}</dd></dl>`
  const html = m.html
    ? `<h2>HTML</h2><iframe title="HTML part" sandbox srcdoc="${escapeHtml(m.html)}"></iframe>`
    : ''
  const text = m.text ? `<h2>Text</h2><pre>${escapeHtml(m.text)}</pre>` : ''
  return layout(
    m.subject,
    `<p><a href="/">← All messages</a></p><h1>${escapeHtml(m.subject)}</h1>${header}${html}${text}`,
  )
}
