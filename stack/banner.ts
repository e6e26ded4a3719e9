// The ready banner, grouped as `supabase start` (CLI 2.x/3.x) prints its status.
import path from 'node:path'
import type { RunningStack } from './stack.ts'

export const DEMO_ACCOUNTS: Array<{ who: string; email: string; password: string; secondStep?: string }> = [
  // The seed gives the admin an authenticator app (TOTP): admins sign in with a code too.
  {
    who: 'admin',
    email: 'admin@example.com',
    password: 'admin-password',
    secondStep: 'then the code `npm run totp` prints',
  },
  { who: 'customer', email: 'alice@example.com', password: 'alice-password' },
  { who: 'customer', email: 'bob@example.com', password: 'bob-password' },
]

type Group = [title: string, rows: Array<[string, string]>]

function groups(stack: RunningStack, withApp: boolean): Group[] {
  const { urls, config } = stack
  const signing = config.auth.signingKeysPath
  return [
    [
      'APIs',
      [
        ['Project URL', urls.api],
        ['REST', urls.rest],
        ['Realtime', urls.realtime],
        ['Edge Functions', urls.functions],
      ],
    ],
    ['Database', [['URL', stack.databaseUrl]]],
    [
      'Development Tools',
      [
        ['Mail (Resend sink)', urls.mail],
        ...(withApp ? ([['App', urls.app]] as Array<[string, string]>) : []),
      ],
    ],
    [
      'Authentication Keys',
      [
        ['Publishable', config.publishableKey],
        ['Secret', config.secretKey],
      ],
    ],
    [
      'Legacy JWT keys',
      [
        ['anon', config.anonKey],
        ['service_role', config.serviceRoleKey],
        ['JWT secret', config.jwtSecret],
        [
          'Signing keys',
          signing
            ? `${path.relative(config.root, signing)} (JWKS: ${urls.api}/auth/v1/.well-known/jwks.json)`
            : 'none (sessions signed HS256 with the JWT secret)',
        ],
      ],
    ],
  ]
}

export function printBanner(stack: RunningStack, withApp: boolean): void {
  const all = groups(stack, withApp)
  const width = Math.max(...all.flatMap(([, rows]) => rows.map(([k]) => k.length)))
  console.log(`\nRealtime Orders local stack is ready in ${(stack.readyInMs / 1000).toFixed(1)} s.\n`)
  for (const [title, rows] of all) {
    console.log(`  ${title}`)
    for (const [k, v] of rows) console.log(`    ${k.padEnd(width)}  ${v}`)
    console.log('')
  }
  console.log('  Demo accounts (from supabase/seed.sql):')
  for (const a of DEMO_ACCOUNTS)
    console.log(`    ${a.who.padEnd(8)} ${a.email} / ${a.password}${a.secondStep ? `, ${a.secondStep}` : ''}`)
  console.log('\n  Secret keys work from servers only: browsers get 401. Ctrl-C stops everything.\n')
}
