// Supabase Auth (GoTrue-compatible) under /auth/v1: routes each endpoint to its handler and
// turns failures into GoTrue's error bodies.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Service, StackContext } from '../shared/service.ts'
import { sendJson } from '../shared/http.ts'
import { TokenError } from '../shared/jwt.ts'
import type { AuthDeps } from './deps.ts'
import { API_VERSION, AuthError, badJwt, notFound, sendAuthError, unexpectedFailure } from './errors.ts'
import { createRateLimiter } from './rate-limit.ts'
import { authLimits } from './limits.ts'
import { factors } from './mfa.ts'
import { reauthenticate, resend } from './resend.ts'
import { createSessions } from './sessions.ts'
import { createOtp } from './otp.ts'
import { signup } from './signup.ts'
import { token } from './token.ts'
import { getUser, logout, putUser } from './user.ts'
import { otp, recover, verifyGet, verifyPost } from './verify.ts'
import { admin } from './admin.ts'

function settings(ctx: StackContext) {
  const a = ctx.config.auth
  return {
    external: { email: a.email.enableSignup, phone: false, anonymous_users: a.enableAnonymousSignIns },
    disable_signup: !a.enableSignup,
    mailer_autoconfirm: !a.email.enableConfirmations,
    phone_autoconfirm: false,
    sms_provider: '',
    saml_enabled: false,
  }
}

type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  deps: AuthDeps,
  query: URLSearchParams,
  path: string,
) => Promise<unknown>

const ROUTES: Record<string, Handler> = {
  'GET /health': async () => ({
    version: 'realtime-orders-stack',
    name: 'GoTrue',
    description: 'GoTrue-compatible auth of the local stack',
  }),
  'GET /settings': async (_q, _r, d) => settings(d.ctx),
  'GET /.well-known/jwks.json': async (_q, _r, d) => d.ctx.verifier.jwks(),
  'POST /signup': (req, _r, d, q) => signup(req, d, q),
  'POST /token': (req, _r, d, q) => token(req, d, q),
  'GET /user': (req, _r, d) => getUser(req, d),
  'PUT /user': (req, _r, d) => putUser(req, d),
  'POST /logout': (req, _r, d, q) => logout(req, d, q),
  'POST /otp': (req, _r, d, q) => otp(req, d, q),
  'POST /magiclink': (req, _r, d, q) => otp(req, d, q),
  'POST /recover': (req, _r, d, q) => recover(req, d, q),
  'POST /verify': (req, _r, d) => verifyPost(req, d),
  'POST /resend': (req, _r, d, q) => resend(req, d, q),
  'GET /reauthenticate': (req, _r, d) => reauthenticate(req, d),
  'GET /verify': async (req, res, d, q) => (await verifyGet(req, res, d, q), RESPONDED),
}
const RESPONDED = Symbol('responded')

export function createAuthService(ctx: StackContext): Service {
  const log = ctx.log.child('auth')
  const deps: AuthDeps = {
    ctx,
    log,
    sessions: createSessions(ctx),
    otp: createOtp(ctx),
    limiter: createRateLimiter(),
    limits: authLimits(ctx.config.auth.rateLimit),
  }

  return {
    name: 'auth',
    prefix: '/auth/v1',
    async handle(req, res, path) {
      const url = new URL(req.url ?? '/', 'http://auth.local')
      const query = url.searchParams
      try {
        const route = ROUTES[`${req.method} ${path}`]
        let result: unknown
        if (route) result = await route(req, res, deps, query, path)
        else if (path.startsWith('/admin/') || path === '/invite')
          result = await admin(req, res, deps, path, query)
        else if (path === '/factors' || path.startsWith('/factors/')) result = await factors(req, deps, path)
        else throw notFound()
        if (result === RESPONDED) return
        if (result === undefined) {
          res.writeHead(204, { 'x-supabase-api-version': API_VERSION })
          return void res.end()
        }
        sendJson(res, 200, result, { 'x-supabase-api-version': API_VERSION })
      } catch (err) {
        if (err instanceof AuthError) return sendAuthError(req, res, err)
        if (err instanceof TokenError) return sendAuthError(req, res, badJwt(err.message))
        log.error(`${req.method} ${path} failed`, err)
        sendAuthError(req, res, unexpectedFailure())
      }
    },
  }
}
