-- Webhooks, issue 21's remainder (docs/webhooks.md): pausing an endpoint, rotating its secret with a grace period,
-- and the retention sweep of finished deliveries.

-- The secret before the last rotation, still used to sign (next to the new one) until previous_secret_expires_at,
-- so a receiver can switch to the new secret during that time without refusing a delivery.
alter table webhook_endpoint
    add column previous_secret            text check (previous_secret is null or length(previous_secret) >= 32),
    add column previous_secret_expires_at timestamptz,
    add column updated_at                 timestamptz not null default now(),
    add constraint webhook_endpoint_previous_secret_pair
        check ((previous_secret is null) = (previous_secret_expires_at is null));

comment on column webhook_endpoint.active is
    'false: paused. Events are still stored as pending deliveries, but nothing is sent until it is resumed.';

-- The retention sweep deletes succeeded and failed deliveries by age, across organizations.
create index webhook_delivery_finished_idx on webhook_delivery (created_at) where state <> 'pending';
