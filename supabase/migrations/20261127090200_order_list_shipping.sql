-- The dashboard's list gains the shipping columns (carrier, tracking number, estimated
-- delivery) at its end: the CSV export (the `export-orders` function, which pages through
-- this view as the caller) and the list's "past its ETA" cue read them. Still a
-- security_invoker view, so the caller's RLS on orders and customers applies; its grants
-- stay as they were (select for authenticated).
create or replace view public.order_list with (security_invoker = true) as
  select o.id, o.number, o.status, o.total_cents, o.currency, o.version, o.customer_id,
         c.name as customer_name, c.email as customer_email, o.created_at, o.updated_at,
         o.carrier, o.tracking_number, o.estimated_delivery
    from public.orders o
    join public.customers c on c.id = o.customer_id;
