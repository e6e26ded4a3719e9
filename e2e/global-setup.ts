// Builds the app against the stack under test and serves it with `vite preview`; the
// stack is `npm test`'s (TEST_STACK) or a throw-away one started here.
import path from 'node:path'
import { build, preview } from 'vite'
import { freePort } from '../stack/ports.ts'
import { startTestStack, stackEnvFromProcess } from '../tests/support/stack-env.ts'

export const E2E_DIST = path.resolve(import.meta.dirname, '../test-results/e2e-dist')

export default async function globalSetup() {
  const existing = stackEnvFromProcess()
  const started = existing ? undefined : await startTestStack()
  const env = existing ?? started!.env
  process.env.TEST_STACK = JSON.stringify(env)

  process.env.VITE_SUPABASE_URL = env.apiUrl
  process.env.VITE_SUPABASE_ANON_KEY = env.anonKey
  await build({ logLevel: 'warn', build: { outDir: E2E_DIST, emptyOutDir: true } })
  const port = await freePort()
  const server = await preview({
    build: { outDir: E2E_DIST },
    preview: { port, host: '127.0.0.1', strictPort: true },
  })
  process.env.E2E_BASE_URL = `http://127.0.0.1:${port}`

  return async () => {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
    await started?.stop()
  }
}
