// The environment every function sees: Supabase's variables, the mail sink as Resend, then
// `[edge_runtime.secrets]` of config.toml, then supabase/functions/.env (which wins).
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { StackContext } from '../shared/service.ts'
import { stackUrls } from '../shared/config.ts'

export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    const m = line.match(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/)
    if (!m) continue
    let v = m[2]!
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1)
    else v = v.replace(/\s+#.*$/, '')
    out[m[1]!] = v
  }
  return out
}

export function functionEnv(ctx: StackContext): Record<string, string> {
  const dotenvFile = path.join(ctx.config.root, 'supabase/functions/.env')
  return {
    SUPABASE_URL: ctx.apiUrl,
    SUPABASE_ANON_KEY: ctx.config.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: ctx.config.serviceRoleKey,
    SUPABASE_DB_URL: ctx.adminDatabaseUrl,
    RESEND_BASE_URL: ctx.config.resendBaseUrl ?? stackUrls(ctx.config).mail,
    RESEND_API_KEY: ctx.config.resendApiKey,
    ...ctx.config.functionSecrets,
    ...(existsSync(dotenvFile) ? parseDotenv(readFileSync(dotenvFile, 'utf8')) : {}),
  }
}
