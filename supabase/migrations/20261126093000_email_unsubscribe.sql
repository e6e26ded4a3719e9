-- One-click unsubscribe: the `unsubscribe` edge function, as service_role, turns one
-- customer's order emails off by id (from a signed token) and reads the address back to say
-- whose emails stopped. Exactly those columns, whatever the default privileges are.
grant select (id, email), update (notify_email) on public.customers to service_role;
