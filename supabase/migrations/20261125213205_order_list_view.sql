-- The dashboard's list: orders with their customer's name and email in one row, so one
-- query can search across number, name and email, sort by customer, and count. A
-- security_invoker view: the caller's RLS on orders and customers applies.
create view public.order_list with (security_invoker = true) as
  select o.id, o.number, o.status, o.total_cents, o.currency, o.version, o.customer_id,
         c.name as customer_name, c.email as customer_email, o.created_at, o.updated_at
    from public.orders o
    join public.customers c on c.id = o.customer_id;
comment on view public.order_list is 'Orders with customer name and email, for search and sort.';
revoke all on public.order_list from anon, authenticated, service_role;
grant select on public.order_list to authenticated;
