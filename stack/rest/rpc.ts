// POST /rpc/fn and GET /rpc/fn: picks the overload by argument names and builds the call
// with named, bound, typed arguments.
import { unknownFunction, RestError } from './errors.ts'
import { key, type DbFunction, type SchemaCache } from './schema-cache.ts'
import { qi, qrel, type Params } from './sql.ts'

export function findFunction(
  cache: SchemaCache,
  schema: string,
  name: string,
  argNames: string[],
): DbFunction {
  const overloads = cache.functions.get(key(schema, name)) ?? []
  const fits = overloads.filter((f) => {
    const names = new Set(f.args.map((a) => a.name))
    return (
      argNames.every((n) => names.has(n)) && f.args.every((a) => a.hasDefault || argNames.includes(a.name))
    )
  })
  if (fits.length === 0) throw unknownFunction(schema, name, argNames)
  if (fits.length > 1) {
    throw new RestError(
      300,
      'PGRST203',
      `Could not choose the best candidate function between: ${fits.map((f) => `${schema}.${name}(${f.args.map((a) => `${a.name} => ${a.type}`).join(', ')})`).join(', ')}`,
    )
  }
  return fits[0]!
}

function bindValue(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null
  if (type === 'json' || type === 'jsonb') return JSON.stringify(v)
  if (typeof v === 'object' && !Array.isArray(v)) return JSON.stringify(v)
  return v
}

/** `"schema"."fn"("a" => $1::type, ...)` */
export function callSql(fn: DbFunction, args: Record<string, unknown>, p: Params): string {
  const parts = fn.args
    .filter((a) => a.name in args)
    .map((a) => `${qi(a.name)} => ${p.add(bindValue(args[a.name], a.type))}::${a.type}`)
  return `${qrel(fn.schema, fn.name)}(${parts.join(', ')})`
}
