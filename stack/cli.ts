// `npm start`, `npm run stack`, `npm run db:reset`, `npm run db:types`.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { mkdir, writeFile } from 'node:fs/promises'
import { startStack, type RunningStack } from './stack.ts'
import { StackBusyError } from './ports.ts'
import { loadConfig } from './shared/config.ts'
import { generateTypes, withMigrationsOnly } from './postgres/types.ts'
import { resetDatabase } from './postgres/reset.ts'
import { OldClusterError } from './postgres/embedded.ts'
import { printBanner } from './banner.ts'

const HELP = `Realtime Orders local stack (a Docker-free local Supabase)

Usage: tsx stack/cli.ts <command>

  start [--with-app]   start Postgres, the APIs and the mail sink (and the Vite app)
  reset                drop the local database back to migrations + seed (stack stopped)
  types                regenerate src/lib/database.types.ts with \`supabase gen types\`
  help                 this text

Environment: STACK_DATA_DIR (default .stack), DATABASE_URL (use an existing Postgres: a
superuser's URL, e.g. supabase_admin's; the stack gives postgres and the other Supabase roles
the local password \`postgres\`),
STACK_API_PORT, STACK_DB_PORT, STACK_MAIL_PORT, STACK_LOG=debug|info|warn.`

async function start(withApp: boolean): Promise<void> {
  let stack: RunningStack
  try {
    stack = await startStack({ onProgress: (s) => console.log(`  … ${s}`) })
  } catch (err) {
    if (err instanceof StackBusyError || err instanceof OldClusterError) {
      console.error(`\n${err.message}\n`)
      process.exit(1)
    }
    throw err
  }
  let app: ChildProcess | undefined
  if (withApp) {
    app = spawn(
      path.join(stack.config.root, 'node_modules/.bin/vite'),
      ['--port', String(stack.config.ports.app), '--strictPort'],
      {
        cwd: stack.config.root,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: {
          ...process.env,
          VITE_SUPABASE_URL: stack.urls.api,
          VITE_SUPABASE_ANON_KEY: stack.config.anonKey,
        },
      },
    )
  }
  printBanner(stack, withApp)
  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping…`)
    app?.kill('SIGTERM')
    await stack.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  app?.on('exit', (code) => {
    if (!stopping) {
      console.error(`the Vite dev server exited (${code}); stopping the stack`)
      void shutdown('app exit')
    }
  })
}

/** Types come from the migrations alone: a throw-away stack, so a running one is untouched. */
async function types(): Promise<void> {
  const config = loadConfig()
  const file = path.join(config.root, 'src/lib/database.types.ts')
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, await withMigrationsOnly((url) => generateTypes(config.root, url)))
  console.log(`wrote ${path.relative(config.root, file)}`)
}

const [command = 'help', ...flags] = process.argv.slice(2)
switch (command) {
  case 'start':
    await start(flags.includes('--with-app'))
    break
  case 'reset':
    await resetDatabase()
    break
  case 'types':
    await types()
    break
  default:
    console.log(HELP)
}
