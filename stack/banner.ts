// The ready banner, in the spirit of `supabase status`.
import type { RunningStack } from './stack.ts'

export const DEMO_ACCOUNTS = [
  { who: 'admin', email: 'admin@example.com', password: 'admin-password' },
  { who: 'customer', email: 'alice@example.com', password: 'alice-password' },
  { who: 'customer', email: 'bob@example.com', password: 'bob-password' },
]

export function printBanner(stack: RunningStack, withApp: boolean): void {
  const { urls, config } = stack
  const rows: Array<[string, string]> = [
    ['API URL', urls.api],
    ['REST URL', urls.rest],
    ['Realtime URL', urls.realtime],
    ['Functions URL', urls.functions],
    ['DB URL', stack.databaseUrl],
    ['Mail (Resend sink)', urls.mail],
    ...(withApp ? ([['App', urls.app]] as Array<[string, string]>) : []),
    ['anon key', config.anonKey],
    ['service_role key', config.serviceRoleKey],
    ['JWT secret', config.jwtSecret],
  ]
  const width = Math.max(...rows.map(([k]) => k.length))
  console.log(`\nRealtime Orders local stack is ready in ${(stack.readyInMs / 1000).toFixed(1)} s.\n`)
  for (const [k, v] of rows) console.log(`  ${k.padStart(width)}: ${v}`)
  console.log('\n  Demo accounts (from supabase/seed.sql):')
  for (const a of DEMO_ACCOUNTS) console.log(`    ${a.who.padEnd(8)} ${a.email} / ${a.password}`)
  console.log('\n  Ctrl-C stops everything.\n')
}
