// What the REST stages share at run time: the verifier, the API settings, the schema cache
// and configuration keeper, the authenticator pool, the logger.
import type pg from 'pg'
import type { StackConfig } from '../shared/config.ts'
import type { TokenVerifier } from '../shared/jwt.ts'
import type { Logger } from '../shared/log.ts'
import type { CacheKeeper } from './cache.ts'
import type { ByteLru } from './lru.ts'
import type { Planned } from './plan-cache.ts'

export interface RestDeps {
  verifier: TokenVerifier
  api: StackConfig['api']
  keeper: CacheKeeper
  pool: pg.Pool
  log: Logger
  /** Stages' results of recent GET/HEAD shapes (plan-cache.ts). */
  plans: ByteLru<Planned>
}
