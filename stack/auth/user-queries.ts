// auth.users and auth.identities: the queries, and the user object GoTrue returns.
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import bcrypt from 'bcryptjs'

type Db = pg.Pool | pg.PoolClient

export interface UserRow {
  id: string
  aud: string
  role: string
  email: string | null
  phone: string | null
  encrypted_password: string | null
  email_confirmed_at: Date | null
  phone_confirmed_at: Date | null
  confirmed_at: Date | null
  invited_at: Date | null
  confirmation_sent_at: Date | null
  recovery_sent_at: Date | null
  email_change: string | null
  email_change_sent_at: Date | null
  last_sign_in_at: Date | null
  raw_app_meta_data: Record<string, unknown> | null
  raw_user_meta_data: Record<string, unknown> | null
  banned_until: Date | null
  created_at: Date
  updated_at: Date
  is_anonymous: boolean
}

interface IdentityRow {
  id: string
  provider_id: string
  user_id: string
  identity_data: Record<string, unknown>
  provider: string
  last_sign_in_at: Date | null
  created_at: Date
  updated_at: Date
  email: string | null
}

export const hashPassword = (password: string) => bcrypt.hash(password, 10)
export const checkPassword = (password: string, hash: string | null) =>
  hash ? bcrypt.compare(password, hash) : Promise.resolve(false)

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    'select * from auth.users where lower(email) = lower($1) and deleted_at is null',
    [email],
  )
  return rows[0]
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined
  const { rows } = await db.query<UserRow>('select * from auth.users where id = $1 and deleted_at is null', [
    id,
  ])
  return rows[0]
}

export interface NewUser {
  email: string
  password?: string
  userMetadata?: Record<string, unknown>
  appMetadata?: Record<string, unknown>
  confirmed: boolean
  invited?: boolean
  role?: string
}

export async function insertUser(db: Db, u: NewUser): Promise<UserRow> {
  const id = randomUUID()
  const email = u.email.trim().toLowerCase()
  const appMeta = { provider: 'email', providers: ['email'], ...u.appMetadata }
  const { rows } = await db.query<UserRow>(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, invited_at,
       raw_app_meta_data, raw_user_meta_data, created_at, updated_at, is_anonymous)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', $2, $3, $4, $5, $6, $7, $8, now(), now(), false)
     returning *`,
    [
      id,
      u.role ?? 'authenticated',
      email,
      u.password ? await hashPassword(u.password) : '',
      u.confirmed ? new Date() : null,
      u.invited ? new Date() : null,
      appMeta,
      u.userMetadata ?? {},
    ],
  )
  await db.query(
    `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values ($1::text, $2::uuid, $3, 'email', now(), now(), now())`,
    [id, id, { sub: id, email, email_verified: u.confirmed, phone_verified: false }],
  )
  return rows[0]!
}

/** Sets the given columns (names are fixed by callers, never from input). */
export async function updateUser(db: Db, id: string, set: Record<string, unknown>): Promise<UserRow> {
  const cols = Object.keys(set)
  const assignments = cols.map((c, i) => `${c} = $${i + 2}`).join(', ')
  const { rows } = await db.query<UserRow>(
    `update auth.users set ${assignments}${cols.length ? ', ' : ''}updated_at = now() where id = $1 returning *`,
    [id, ...cols.map((c) => set[c])],
  )
  return rows[0]!
}

const iso = (d: Date | null) => (d ? d.toISOString() : undefined)

export async function userJson(db: Db, u: UserRow): Promise<Record<string, unknown>> {
  const { rows } = await db.query<IdentityRow>(
    'select * from auth.identities where user_id = $1 order by created_at',
    [u.id],
  )
  const factors = await factorsJson(db, u.id)
  return {
    id: u.id,
    aud: u.aud,
    role: u.role,
    email: u.email ?? '',
    email_confirmed_at: iso(u.email_confirmed_at),
    invited_at: iso(u.invited_at),
    phone: u.phone ?? '',
    confirmation_sent_at: iso(u.confirmation_sent_at),
    recovery_sent_at: iso(u.recovery_sent_at),
    new_email: u.email_change || undefined,
    email_change_sent_at: iso(u.email_change_sent_at),
    confirmed_at: iso(u.confirmed_at ?? u.email_confirmed_at),
    last_sign_in_at: iso(u.last_sign_in_at),
    app_metadata: u.raw_app_meta_data ?? {},
    user_metadata: u.raw_user_meta_data ?? {},
    identities: rows.map((i) => ({
      identity_id: i.id,
      id: i.provider_id,
      user_id: i.user_id,
      identity_data: i.identity_data,
      provider: i.provider,
      last_sign_in_at: iso(i.last_sign_in_at),
      created_at: iso(i.created_at),
      updated_at: iso(i.updated_at),
      email: i.email ?? undefined,
    })),
    created_at: u.created_at.toISOString(),
    updated_at: u.updated_at.toISOString(),
    banned_until: iso(u.banned_until),
    is_anonymous: u.is_anonymous,
    // As GoTrue: present only when the user has factors.
    ...(factors.length ? { factors } : {}),
  }
}

export async function factorsJson(db: Db, userId: string): Promise<Array<Record<string, unknown>>> {
  const { rows } = await db.query<{
    id: string
    friendly_name: string | null
    factor_type: string
    status: string
    created_at: Date
    updated_at: Date
    last_challenged_at: Date | null
  }>(
    `select id, friendly_name, factor_type, status, created_at, updated_at, last_challenged_at
     from auth.mfa_factors where user_id = $1 order by created_at`,
    [userId],
  )
  return rows.map((f) => ({
    id: f.id,
    friendly_name: f.friendly_name || undefined,
    factor_type: f.factor_type,
    status: f.status,
    created_at: f.created_at.toISOString(),
    updated_at: f.updated_at.toISOString(),
    last_challenged_at: f.last_challenged_at?.toISOString() ?? null,
  }))
}
