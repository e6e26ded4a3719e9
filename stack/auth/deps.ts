// What the auth handlers share: the stack context, sessions, one-time tokens, rate limits.
import type { StackContext } from '../shared/service.ts'
import type { Logger } from '../shared/log.ts'
import type { Sessions } from './sessions.ts'
import type { Otp } from './otp.ts'
import type { RateLimiter } from './rate-limit.ts'
import type { AuthLimits } from './limits.ts'

export interface AuthDeps {
  ctx: StackContext
  log: Logger
  sessions: Sessions
  otp: Otp
  limiter: RateLimiter
  limits: AuthLimits
}
