// The plan stage's entry: from an ApiRequest and the schema cache to what must run — a
// read, a mutation with its read-back, or a function call with its read — each with the
// negotiated media type and transaction mode. Pure.
import { RestError } from '../errors.ts'
import type { ApiRequest } from '../request/types.ts'
import { qualified, type Routine, type Table } from '../schema-cache/types.ts'
import { argumentKeys, findRoutine } from './call-plan.ts'
import { closest } from './fuzzy.ts'
import { mutatePlan, returningColumns } from './mutate-plan.ts'
import { negotiate } from './negotiate.ts'
import { readPlan, type PlanContext } from './read-plan.ts'
import type { CallPlan, MutatePlan, Negotiated, ReadPlan, TxMode } from './types.ts'

export type ActionPlan =
  | { kind: 'read'; table: Table; read: ReadPlan; negotiated: Negotiated; headersOnly: boolean; tx: TxMode }
  | { kind: 'mutate'; table: Table; read: ReadPlan; mutate: MutatePlan; negotiated: Negotiated; tx: TxMode }
  | {
      kind: 'call'
      routine: Routine
      read: ReadPlan
      call: CallPlan
      args?: Map<string, string[]>
      negotiated: Negotiated
      tx: TxMode
    }

export interface PlanConfig extends PlanContext {
  planEnabled: boolean
}

function findTable(ctx: PlanContext, name: string): Table {
  const table = ctx.cache.tables.get(`${ctx.schema}.${name}`)
  if (table) return table
  const names = [...ctx.cache.tables.values()].filter((t) => t.schema === ctx.schema).map((t) => t.name)
  const near = closest(name, names, false, 0.75)
  throw new RestError(
    404,
    'PGRST205',
    `Could not find the table '${ctx.schema}.${name}' in the schema cache`,
    null,
    near ? `Perhaps you meant the table '${ctx.schema}.${near}'` : null,
  )
}

function checkPreferences(req: ApiRequest): void {
  if (req.prefs.handling === 'strict' && req.prefs.invalid.length)
    throw new RestError(
      400,
      'PGRST122',
      'Invalid preferences given with handling=strict',
      `Invalid preferences: ${req.prefs.invalid.join(', ')}`,
    )
}

function callArgs(req: ApiRequest): Map<string, string[]> | undefined {
  const pairs =
    req.payload?.kind === 'form' ? req.payload.args : req.method === 'POST' ? undefined : req.query.rpcArgs
  if (!pairs) return undefined
  const args = new Map<string, string[]>()
  for (const [k, v] of pairs) args.set(k, [...(args.get(k) ?? []), v])
  return args
}

function callPlan(ctx: PlanConfig, req: ApiRequest, name: string): ActionPlan {
  const routine = findRoutine(ctx.cache, req, name)
  const target = routine.returns.composite
    ? routine.returns.type
    : { schema: routine.schema, name: routine.name }
  const read = readPlan(ctx, { schema: ctx.schema, name: target.name }, req.query, { mutation: false })
  const keys = new Set(argumentKeys(req))
  const positional =
    routine.params.length === 1 && routine.params[0]!.name === ''
      ? { type: routine.params[0]!.type }
      : undefined
  const raw = req.payload?.kind === 'raw' ? req.payload.raw : undefined
  if (req.prefs.handling === 'strict' && req.prefs.maxAffected !== undefined && !routine.returns.setOf)
    throw new RestError(
      400,
      'PGRST128',
      'Function must return SETOF or TABLE when max-affected preference is used with handling=strict',
    )
  const negotiated = negotiate(req.accept, { planEnabled: ctx.planEnabled, representation: true })
  checkPreferences(req)
  return {
    kind: 'call',
    routine,
    read,
    args: callArgs(req),
    call: {
      routine,
      positional,
      params: positional ? routine.params : routine.params.filter((prm) => keys.has(prm.name)),
      argsJson:
        req.payload?.kind === 'json'
          ? req.payload.raw
          : positional && !raw
            ? JSON.stringify(Object.fromEntries(req.query.rpcArgs))
            : null,
      rawArg: raw,
      returning: returningColumns(read, []),
    },
    negotiated,
    tx: req.method !== 'POST' || routine.volatility !== 'volatile' ? 'read' : 'write',
  }
}

export function actionPlan(ctx: PlanConfig, req: ApiRequest): ActionPlan {
  const t = req.target
  if (t.kind === 'routine') return callPlan(ctx, req, t.name)
  if (t.kind !== 'relation') throw new Error('the root is not planned here')
  const table = findTable(ctx, t.name)
  if (req.method === 'GET' || req.method === 'HEAD') {
    const read = readPlan(ctx, table, req.query, { mutation: false, topRange: req.topRange })
    const negotiated = negotiate(req.accept, { planEnabled: ctx.planEnabled, representation: true })
    checkPreferences(req)
    return { kind: 'read', table, read, negotiated, headersOnly: req.method === 'HEAD', tx: 'read' }
  }
  const read = readPlan(ctx, table, req.query, { mutation: true })
  const mutate = mutatePlan(req, table, read)
  checkPreferences(req)
  const negotiated = negotiate(req.accept, {
    planEnabled: ctx.planEnabled,
    representation: req.prefs.representation === 'representation',
  })
  return { kind: 'mutate', table, read, mutate, negotiated, tx: 'write' }
}

export const tableKey = (t: Table) => qualified(t)
