// The RLS check waits for a transaction to be visible before looking its rows up: a change
// checked before its transaction is visible would be judged on the row as it was, and a row
// just given to someone else would still reach its old owner.
import { describe, expect, it } from 'vitest'
import { createRlsCheck } from '../../../stack/realtime/rls-check.ts'
import { createLogger } from '../../../stack/shared/log.ts'
import { sql, stackEnv } from '../../support/clients.ts'

const quiet = { ...createLogger('test'), warn: () => {}, info: () => {} }

describe('the realtime RLS check', () => {
  it('waits while the newest transaction is still running, and not once it has committed', async () => {
    const rls = createRlsCheck({ databaseUrl: stackEnv().databaseUrl, log: quiet })
    const tx = await sql().connect()
    try {
      await tx.query('begin')
      // The newest transaction id there is: above every snapshot's xmax while it runs.
      const { rows } = await tx.query<{ xid: string }>(
        `select (pg_current_xact_id()::text::bigint % 4294967296)::text as xid`,
      )
      let settled = false
      const waiting = rls.settled(Number(rows[0]!.xid)).then(() => (settled = true))
      // Round trips meanwhile: the check polls every millisecond, so a wrong answer has come.
      for (let i = 0; i < 20; i++) await sql().query('select 1')
      expect(settled).toBe(false)
      await tx.query('commit')
      // Positive control: once committed the wait ends.
      await waiting
      expect(settled).toBe(true)
    } finally {
      tx.release()
      await rls.stop()
    }
  })
})
