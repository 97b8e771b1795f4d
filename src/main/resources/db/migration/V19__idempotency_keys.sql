-- Issue 21: Idempotency-Key on every POST under /api/v1 (docs/api.md, "Idempotency"). One row per key a caller sent
-- in an organization: while the first request runs (completed_at null) a second one with the key gets 409; after it,
-- the same request gets the stored answer again and another request with the key 422. Kept 24 hours, then swept.
create table idempotency_key (
    organization_id uuid        not null references organization (id),
    -- The member who sent it (session or API token alike): two members never share a key.
    user_id         uuid        not null references app_user (id),
    key             text        not null check (length(key) between 1 and 255),
    -- SHA-256 of method, path, query and body: "the same request" means these four are equal.
    request_hash    bytea       not null check (length(request_hash) = 32),
    created_at      timestamptz not null default now(),
    completed_at    timestamptz,
    -- The stored answer, null while in progress.
    status          integer,
    content_type    text,
    location        text,
    body            bytea,
    primary key (organization_id, user_id, key)
);
create index idempotency_key_created_idx on idempotency_key (created_at);

-- The scopes issue 21 added to apitoken.ApiTokenScope (read, data:write, labels:write, admin) were refused by the
-- table's check, which still named only the first two: no token with them could be made.
alter table api_token drop constraint api_token_scopes_check;
alter table api_token add constraint api_token_scopes_check
    check (cardinality(scopes) >= 1 and scopes <@ array ['releases:read', 'predictions:write', 'read', 'data:write',
        'labels:write', 'admin']::text[]);
