// A schema of the REST suite's own for PostgREST's query language: people managing people
// (self-reference), passports (one-to-one), teams (many-to-many), best friends (two FKs to
// the same table), channels and messages (row-typed arguments, aggregates), bookings
// (range types), computed relationships, overloaded and unnamed-parameter functions.
// Every grant is explicit: nothing in public is granted automatically.
import { sql } from '../../support/clients.ts'

export interface LanguageFixture {
  p: string
  drop(): Promise<void>
}

const schemaSql = (p: string) => `
create table public.${p}_people (id int primary key, name text not null, manager_id int references public.${p}_people (id), details jsonb);
create table public.${p}_passports (id int primary key, person_id int unique not null references public.${p}_people (id), code text);
create table public.${p}_teams (id int primary key, name text not null);
create table public.${p}_people_teams (person_id int references public.${p}_people (id), team_id int references public.${p}_teams (id), primary key (person_id, team_id));
create table public.${p}_best_friends (id int primary key,
  first_user int not null constraint ${p}_best_friends_first_user_fkey references public.${p}_people (id),
  second_user int not null constraint ${p}_best_friends_second_user_fkey references public.${p}_people (id));
create table public.${p}_channels (id int primary key, slug text not null);
create table public.${p}_messages (id int primary key, channel_id int not null references public.${p}_channels (id),
  sender_id int not null references public.${p}_people (id), body text, amount numeric, sent_on date);
create table public.${p}_bookings (id int primary key, room text, during int4range);
create table public.${p}_notes (id int primary key, body text, extra text);
create view public.${p}_message_list with (security_invoker = true) as
  select m.id, m.body, m.channel_id, p.name as sender from public.${p}_messages m join public.${p}_people p on p.id = m.sender_id;

create function public.${p}_boss(public.${p}_people) returns public.${p}_people language sql stable as
  $$ select * from public.${p}_people where id = $1.manager_id $$;
create function public.${p}_reports(public.${p}_people) returns setof public.${p}_people language sql stable as
  $$ select * from public.${p}_people where manager_id = $1.id order by id $$;
create function public.${p}_add(a int, b int) returns int language sql immutable as $$ select a + b $$;
create function public.${p}_add(a int, b int, c int) returns int language sql immutable as $$ select a + b + c $$;
create function public.${p}_echo(text) returns text language sql immutable as $$ select $1 $$;
create function public.${p}_echo_json(json) returns json language sql immutable as $$ select $1 $$;
create function public.${p}_pick(x int) returns text language sql as $$ select 'int' $$;
create function public.${p}_pick(x text) returns text language sql as $$ select 'text' $$;
create function public.${p}_channel_messages(channel_row public.${p}_channels) returns setof public.${p}_messages
  language sql stable as $$ select * from public.${p}_messages where channel_id = channel_row.id order by id $$;
create function public.${p}_people_from(min_id int) returns setof public.${p}_people language sql stable as
  $$ select * from public.${p}_people where id >= min_id order by id $$;
create function public.${p}_touch() returns void language sql as $$ select $$;

insert into public.${p}_people values (1, 'Ada', null, '{"city": "London", "tags": ["math"]}'),
  (2, 'Grace', 1, '{"city": "New York"}'), (3, 'Alan', 1, null), (4, 'Edsger', 2, '{"city": "Austin"}');
insert into public.${p}_passports values (1, 1, 'A1'), (2, 2, 'G2');
insert into public.${p}_teams values (1, 'Compilers'), (2, 'Math');
insert into public.${p}_people_teams values (1, 2), (2, 1), (3, 2);
insert into public.${p}_best_friends values (1, 1, 2), (2, 3, 1);
insert into public.${p}_channels values (1, 'general'), (2, 'random');
insert into public.${p}_messages values (1, 1, 1, 'hi', 10, '2026-01-01'), (2, 1, 2, 'hello', 20, '2026-01-01'),
  (3, 2, 1, 'x', 5, '2026-01-02'), (4, 1, 3, 'y', 7, '2026-01-02');
insert into public.${p}_bookings values (1, 'A', '[1,5)'), (2, 'A', '[5,10)'), (3, 'B', '[8,12)');
insert into public.${p}_notes values (1, 'plain', null), (2, 'with, comma', 'say "hi"'), (3, 'two
lines', ' padded ');
`

const grantSql = (p: string) => `
grant select, insert, update, delete on ${TABLES.map((t) => `public.${p}_${t}`).join(', ')} to anon, authenticated, service_role;
do $$ declare f text; begin
  for f in select p.oid::regprocedure::text from pg_proc p
    where p.pronamespace = 'public'::regnamespace and p.proname = any(array[${FUNCTIONS.map((f) => `'${p}_${f}'`).join(', ')}])
  loop execute format('grant execute on function %s to anon, authenticated, service_role', f); end loop;
end $$;
`

const TABLES = [
  'notes',
  'bookings',
  'messages',
  'channels',
  'best_friends',
  'people_teams',
  'teams',
  'passports',
  'people',
]
const FUNCTIONS = [
  'boss',
  'reports',
  'add',
  'echo',
  'echo_json',
  'pick',
  'channel_messages',
  'people_from',
  'touch',
]

export async function createLanguageFixture(p: string): Promise<LanguageFixture> {
  const drop = async () => {
    const fns = await sql().query<{ sig: string }>(
      `select p.oid::regprocedure::text as sig from pg_proc p where p.pronamespace = 'public'::regnamespace and p.proname = any($1)`,
      [FUNCTIONS.map((f) => `${p}_${f}`)],
    )
    for (const { sig } of fns.rows) await sql().query(`drop function if exists ${sig} cascade`)
    await sql().query(`drop view if exists public.${p}_message_list`)
    await sql().query(
      `drop table if exists ${TABLES.slice(1)
        .map((t) => `public.${p}_${t}`)
        .join(', ')} cascade`,
    )
  }
  await drop()
  await sql().query(schemaSql(p))
  await sql().query(grantSql(p))
  return { p, drop }
}
