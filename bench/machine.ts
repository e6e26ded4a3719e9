// What the figures were measured on, for the report's header.
import os from 'node:os'
import pg from 'pg'

export interface Machine {
  cpus: number
  cpuModel: string
  memoryGiB: number
  node: string
  postgres: string
  platform: string
}

export async function describeMachine(databaseUrl?: string): Promise<Machine> {
  let postgres = 'not measured'
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    try {
      postgres = (await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!
        .v
    } finally {
      await client.end()
    }
  }
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    postgres,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  }
}
