// Starts the whole local Supabase: Postgres, bootstrap, migrations, gateway, mail sink,
// services and workers. Used by the CLI, the test setup and the benchmarks.
import http from 'node:http'
import { mkdir } from 'node:fs/promises'
import pg from 'pg'
import { loadConfig, stackUrls, type ConfigOverrides, type StackConfig } from './shared/config.ts'
import { createTokenVerifier } from './shared/jwt.ts'
import { loadSigningKeys } from './shared/signing-keys.ts'
import { createLogger, type Logger } from './shared/log.ts'
import type { Service, StackContext, Worker } from './shared/service.ts'
import { startEmbeddedPostgres, type RunningPostgres } from './postgres/embedded.ts'
import { bootstrapDatabase } from './postgres/bootstrap.ts'
import { pushMigrations } from './postgres/migrate.ts'
import { roleUrl } from './postgres/roles.ts'
import { createGateway } from './gateway/server.ts'
import { createMail, createServices, createWorkers } from './services.ts'
import { claimPorts, type PortClaim } from './ports.ts'

export interface StartOptions extends ConfigOverrides {
  /** Throw-away stack (tests, benchmarks): Postgres without fsync. */
  ephemeral?: boolean
  /** Apply supabase/seed.sql (default: as config.toml says). */
  seed?: boolean
  onProgress?: (step: string) => void
}

export interface RunningStack {
  config: StackConfig
  urls: ReturnType<typeof stackUrls>
  /** postgres's URL, as `supabase status` prints it: what users, migrations and the CLI use. */
  databaseUrl: string
  /** supabase_admin's URL (the superuser): the stack's own work. */
  adminDatabaseUrl: string
  firstRun: boolean
  /** Milliseconds from call to ready. */
  readyInMs: number
  stop(): Promise<void>
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

export async function startStack(options: StartOptions = {}): Promise<RunningStack> {
  const started = Date.now()
  const config = loadConfig(options)
  const log = createLogger('stack')
  const progress = options.onProgress ?? ((s: string) => log.info(s))
  await mkdir(config.dataDir, { recursive: true })
  const claim: PortClaim = await claimPorts(config)
  const cleanup: Array<() => Promise<void>> = [() => claim.release()]
  const stop = async () => {
    for (const fn of cleanup.reverse()) await fn().catch((e: unknown) => log.warn('stop: ' + String(e)))
    cleanup.length = 0
  }
  try {
    let postgres: RunningPostgres | undefined
    let adminDatabaseUrl = config.externalDatabaseUrl
    if (!adminDatabaseUrl) {
      progress(`starting PostgreSQL 17 on port ${config.ports.db}`)
      postgres = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.ports.db,
        log: log.child('postgres'),
        ephemeral: options.ephemeral,
      })
      cleanup.push(() => postgres!.stop())
      adminDatabaseUrl = postgres.url
    }
    const { applied } = await bootstrapDatabase(adminDatabaseUrl, log.child('bootstrap'), {
      autoExposeNewTables: config.api.autoExposeNewTables,
    })
    if (applied.length) progress(`bootstrapped ${applied.length} file(s)`)
    // Migrations and seed run as postgres, as `supabase db push` does against a hosted project.
    const databaseUrl = roleUrl(adminDatabaseUrl, 'postgres')
    progress('applying migrations with the Supabase CLI')
    await pushMigrations(
      config.root,
      databaseUrl,
      log.child('migrate'),
      options.seed ?? config.db.seedEnabled,
    )

    const ctx = await createContext(config, adminDatabaseUrl, log)
    cleanup.push(() => ctx.adminPool.end())
    await publishProjectUrl(ctx)
    const mail = createMail({ pool: ctx.adminPool, config, log: log.child('mail') })
    ctx.mailer = mail.mailer
    const services: Service[] = createServices(ctx)
    const workers: Worker[] = createWorkers(ctx)

    const gateway = createGateway({
      services,
      keys: config,
      trustedProxies: config.trustedProxies,
      log: log.child('gateway'),
    })
    const mailServer = http.createServer((req, res) => mail.handle(req, res))
    await listen(gateway, config.ports.api, config.host)
    cleanup.push(() => close(gateway))
    await listen(mailServer, config.ports.mail, config.host)
    cleanup.push(() => close(mailServer))
    if (mail.stop) cleanup.push(mail.stop)
    for (const s of services) {
      await s.start?.()
      if (s.stop) cleanup.push(s.stop)
    }
    for (const w of workers) {
      await w.start()
      cleanup.push(() => w.stop())
    }
    return {
      config,
      urls: stackUrls(config),
      databaseUrl,
      adminDatabaseUrl,
      firstRun: postgres?.firstRun ?? false,
      readyInMs: Date.now() - started,
      stop,
    }
  } catch (err) {
    await stop()
    throw err
  }
}

async function createContext(
  config: StackConfig,
  adminDatabaseUrl: string,
  log: Logger,
): Promise<StackContext> {
  const adminPool = new pg.Pool({ connectionString: adminDatabaseUrl, max: 20, application_name: 'stack' })
  adminPool.on('error', (err) => log.warn('idle database connection failed', err))
  return {
    config,
    adminDatabaseUrl,
    adminPool,
    verifier: createTokenVerifier(
      config.jwtSecret,
      config.auth.signingKeysPath ? await loadSigningKeys(config.auth.signingKeysPath) : undefined,
    ),
    mailer: { send: async () => ({ id: '' }) },
    log,
    apiUrl: stackUrls(config).api,
  }
}

/**
 * Database code reaches this stack's functions through the Vault secret `project_url`,
 * as Supabase recommends for hosted projects; here it follows the port we listen on.
 */
async function publishProjectUrl(ctx: StackContext): Promise<void> {
  await ctx.adminPool.query(
    `with updated as (
       update vault.secrets set secret = $1, updated_at = now() where name = 'project_url' returning id
     )
     insert into vault.secrets (name, secret, description)
     select 'project_url', $1, 'API URL of the local stack (set at every start)'
     where not exists (select 1 from updated)`,
    [ctx.apiUrl],
  )
}
