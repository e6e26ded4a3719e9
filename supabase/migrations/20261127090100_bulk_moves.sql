-- Bulk moves: an admin moves many orders to one status in one call. Each order moves on its
-- own, with the version the admin saw, through the same lifecycle trigger as a single move
-- (so the same timeline event, webhook and one email per moved order). The answer has one
-- row per order saying what happened:
--
--   moved        it moved; `version` is its new version
--   stale        someone changed it since (its version differs): nothing done, the row
--                says its current status and version
--   not_allowed  the lifecycle forbids the move from its status (or it is there already)
--   not_found    no such order, or not one the caller may change
--
-- Orders that cannot move never stop the others, and nothing is half done: an unexpected
-- error rolls the whole call back and is reported as the call's error. Orders are locked in
-- id order, so two bulk moves over the same orders cannot deadlock.
--
-- Errors: 42501 not an admin (aal2); 22023 a malformed list (each element {id, version},
-- each order once, at most 500).

create function public.move_orders(orders jsonb, to_status public.order_status)
returns table (id uuid, number text, outcome text, status public.order_status, version integer, message text)
language plpgsql set search_path = '' as $$
declare
  wanted record;
  cur public.orders;
  results jsonb := '[]';
  verdict text;
  said text;
begin
  if not public.is_admin() then
    raise exception 'Only admins can move orders.' using errcode = '42501';
  end if;
  if jsonb_typeof(orders) is distinct from 'array' or jsonb_array_length(orders) not between 1 and 500
     or exists (select 1 from jsonb_array_elements(orders) e
                 where not coalesce(jsonb_typeof(e) = 'object'
                                    and (e ->> 'id') ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
                                    and jsonb_typeof(e -> 'version') = 'number'
                                    and (e ->> 'version') ~ '^[0-9]{1,9}$', false)) then
    raise exception 'Send 1 to 500 orders as [{"id": "<uuid>", "version": <integer>}].' using errcode = '22023';
  end if;
  if (select count(distinct (e ->> 'id')::uuid) from jsonb_array_elements(orders) e) <> jsonb_array_length(orders) then
    raise exception 'Each order may appear once.' using errcode = '22023';
  end if;

  for wanted in
    select (e.value ->> 'id')::uuid as order_id, (e.value ->> 'version')::integer as based_on, e.ordinality as position
      from jsonb_array_elements(orders) with ordinality e
     order by 1
  loop
    select * into cur from public.orders o where o.id = wanted.order_id for update;
    if not found then
      verdict := 'not_found';
      said := 'No such order.';
    elsif cur.version <> wanted.based_on then
      verdict := 'stale';
      said := format('Order %s was changed by someone else: it is %s now (version %s).',
                        cur.number, cur.status, cur.version);
    elsif cur.status = to_status then
      verdict := 'not_allowed';
      said := format('Order %s is %s already.', cur.number, cur.status);
    else
      begin
        update public.orders o set status = to_status, version = wanted.based_on
         where o.id = wanted.order_id
        returning * into cur;
        verdict := 'moved';
        said := format('Order %s is %s now.', cur.number, cur.status);
      exception when sqlstate 'PT422' then
        verdict := 'not_allowed';
        said := format('Order %s cannot move from %s to %s', cur.number, cur.status, to_status) ||
          case when cardinality(public.next_statuses(cur.status)) = 0 then ': it is closed.'
               else format(' (next: %s).', array_to_string(public.next_statuses(cur.status), ' or ')) end;
      end;
    end if;
    results := results || jsonb_build_object(
      'position', wanted.position, 'id', wanted.order_id, 'number', cur.number, 'outcome', verdict,
      'status', cur.status, 'version', cur.version, 'message', said);
    cur := null;
  end loop;

  return query
    select r.id, r.number, r.outcome, r.status, r.version, r.message
      from jsonb_to_recordset(results)
        as r (position integer, id uuid, number text, outcome text, status public.order_status, version integer, message text)
     order by r.position;
end $$;
comment on function public.move_orders is
  'Admins: move many orders to one status; orders = [{id, version}]. One row per order: moved, stale, not_allowed or not_found.';
revoke all on function public.move_orders(jsonb, public.order_status) from public, anon, authenticated, service_role;
grant execute on function public.move_orders(jsonb, public.order_status) to authenticated;
