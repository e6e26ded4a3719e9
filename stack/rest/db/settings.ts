// What PostgREST reads from the database as `authenticator`: the settings of each role it
// may become (`ALTER ROLE anon SET statement_timeout = '3s'`), applied per request, and its
// own in-database configuration (`ALTER ROLE authenticator SET pgrst.db_aggregates_enabled`).
import type pg from 'pg'

export interface RoleSettings {
  /** Per role: the settings to apply with set_config, in catalog order. */
  settings: Map<string, Array<[string, string]>>
  /** Per role: its default_transaction_isolation, when set. */
  isolation: Map<string, string>
}

export interface DbConfig {
  aggregatesEnabled: boolean
  planEnabled: boolean
  maxRows?: number
}

// Settings of every role authenticator is a member of, restricted (as PostgREST does) to
// those a non-superuser may set: context 'user' or a GRANT SET on the parameter.
const ROLE_SETTINGS = `
with role_setting as (
  select r.rolname, unnest(r.rolconfig) as setting
  from pg_auth_members m join pg_roles r on r.oid = m.roleid
  where m.member = current_user::regrole::oid
), kv as (
  select rolname, substr(setting, 1, strpos(setting, '=') - 1) as key,
    lower(substr(setting, strpos(setting, '=') + 1)) as value
  from role_setting
)
select kv.rolname as role, kv.key, kv.value
from kv join pg_settings ps on ps.name = kv.key
  and (ps.context = 'user' or has_parameter_privilege(current_user::regrole::oid, ps.name, 'set'))`

const DB_CONFIG = `
select distinct on (key) replace(substr(setting, 1, strpos(setting, '=') - 1), 'pgrst.', '') as key,
  substr(setting, strpos(setting, '=') + 1) as value
from (
  select setdatabase, unnest(setconfig) as setting from pg_db_role_setting
  where setrole = current_user::regrole::oid
    and setdatabase in (0, (select oid from pg_database where datname = current_catalog))
) s
where setting like 'pgrst.%'
order by key, setdatabase desc`

export async function loadRoleSettings(db: pg.Pool): Promise<RoleSettings> {
  const { rows } = await db.query<{ role: string; key: string; value: string }>(ROLE_SETTINGS)
  const out: RoleSettings = { settings: new Map(), isolation: new Map() }
  for (const r of rows) {
    if (r.key === 'default_transaction_isolation') out.isolation.set(r.role, r.value)
    else out.settings.set(r.role, [...(out.settings.get(r.role) ?? []), [r.key, r.value]])
  }
  return out
}

const truthy = (v: string | undefined) => v !== undefined && /^(true|on|yes|1)$/i.test(v.trim())

export async function loadDbConfig(db: pg.Pool): Promise<DbConfig> {
  const { rows } = await db.query<{ key: string; value: string }>(DB_CONFIG)
  const get = (k: string) => rows.find((r) => r.key === k)?.value
  const maxRows = Number(get('db_max_rows'))
  return {
    aggregatesEnabled: truthy(get('db_aggregates_enabled')),
    planEnabled: truthy(get('db_plan_enabled')),
    maxRows: Number.isInteger(maxRows) && maxRows > 0 ? maxRows : undefined,
  }
}
