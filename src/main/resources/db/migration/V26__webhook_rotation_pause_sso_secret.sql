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

-- Single sign-on: the client secret is stored encrypted (AES-256-GCM, docs/security.md "Secrets at rest"):
-- 'enc:v1:' + base64(nonce, ciphertext, tag), longer than the secret itself. The application encrypts rows written
-- before this version at its next start (SsoRegistrations.encryptPlainSecrets); the 512-character limit on the
-- secret itself is now SsoSettingsService's.
alter table sso_configuration drop constraint sso_configuration_client_secret_check;
alter table sso_configuration add constraint sso_configuration_client_secret_check
    check (length(client_secret) between 1 and 4096);
comment on column sso_configuration.client_secret is
    'Encrypted: enc:v1: + base64(nonce || AES-256-GCM ciphertext || tag), the organization id as associated data';
