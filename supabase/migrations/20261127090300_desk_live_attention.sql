-- The desk hears when an order's email fails, and when a failed one is sent after all, so
-- "needs attention" on every dashboard updates live. Every change of an email still goes to
-- the order's own topic (admin:order:<id>); the desk topic (admin:orders, admins only) gets
-- only these transitions, not the outbox's every step.
create or replace function private.live_notifications() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.live_send(
    private.live_row(tg_op, tg_table_name, tg_table_schema, to_jsonb(new), to_jsonb(old)),
    array[
      'admin:order:' || coalesce(new.order_id, old.order_id),
      case when 'failed' in (new.status::text, old.status::text)
                and (tg_op <> 'UPDATE' or new.status is distinct from old.status)
           then 'admin:orders' end
    ]);
  return null;
end $$;
