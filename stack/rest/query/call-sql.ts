// A function call as PostgREST makes it: JSON arguments unpacked with json_to_record into
// the parameters' own types (row-typed parameters included), query-string arguments bound
// and cast to the parameter type, a single unnamed parameter given the whole body.
import type { CallPlan } from '../plan/types.ts'
import { returnsScalar, returnsSetOfScalar } from '../schema-cache/types.ts'
import { jsonBodySql } from './mutate-sql.ts'
import { qi, qrel, type Params } from './ident.ts'

/** `args`: GET and form arguments, name → values (several for a variadic parameter). */
export function callSql(c: CallPlan, args: Map<string, string[]> | undefined, p: Params): string {
  const r = c.routine
  const fn = qrel(r.schema, r.name)
  const scalar = returnsScalar(r) || returnsSetOfScalar(r)
  const call = (argSql: string) =>
    scalar ? `(SELECT ${fn}(${argSql}) pgrst_scalar) pgrst_call` : `${fn}(${argSql}) pgrst_call`
  const columns = scalar
    ? 'pgrst_call.pgrst_scalar'
    : c.returning.length && !c.returning.includes('*')
      ? c.returning.map((col) => `pgrst_call.${qi(col)}`).join(', ')
      : '*'
  let from: string
  if (c.positional) {
    const value = c.rawArg ?? c.argsJson
    from = `FROM ${call(c.positional.type === 'bytea' ? p.add(value) : `${p.add(value === undefined ? null : String(value))}::${c.positional.type}`)}`
  } else if (!c.params.length) from = `FROM ${call('')}`
  else if (args) {
    const parts = c.params.map((prm) => {
      const values = args.get(prm.name) ?? []
      const value = prm.variadic ? values : values.at(-1)
      return `${prm.variadic ? 'VARIADIC ' : ''}${qi(prm.name)} := ${p.add(value ?? null)}::${prm.typeMaxLength}`
    })
    from = `FROM ${call(parts.join(', '))}`
  } else {
    const cols = c.params.map((prm) => ({ name: prm.name, type: prm.typeMaxLength, default: null }))
    const body = jsonBodySql(
      c.argsJson ?? '{}',
      cols,
      {
        isObject: !(c.argsJson ?? '').trimStart().startsWith('['),
        limitOne: true,
        defaults: false,
        select: false,
      },
      p,
    )
    const named = c.params.map(
      (prm) => `${prm.variadic ? 'VARIADIC ' : ''}${qi(prm.name)} := pgrst_body.${qi(prm.name)}`,
    )
    from = `${body}, LATERAL ${call(named.join(', '))}`
  }
  return `SELECT ${columns} ${from}`
}
