-- Webhooks (issue 21, docs/webhooks.md): an organization's admins register HTTPS/HTTP endpoints that Touchstone
-- POSTs signed JSON to when something happens (an import ended, a task was accepted or returned, an annotator was
-- paused, a release is ready or failed). Each POST is a delivery row: the outbox the dispatcher works from, so
-- pending deliveries survive a restart and any replica can send them.

create table webhook_endpoint (
    id              uuid primary key default uuidv7(),
    organization_id uuid        not null references organization (id),
    url             text        not null check (url ~ '^https?://' and length(url) <= 2000),
    -- The HMAC-SHA256 key. Kept as written: the sender needs the key itself to sign, unlike a password. It is shown
    -- to the admin once, when the endpoint is made; lists show only its first characters.
    secret          text        not null check (length(secret) >= 32),
    description     text        not null default '' check (length(description) <= 200),
    event_types     text[]      not null
        check (cardinality(event_types) >= 1 and event_types <@ array ['import.finished', 'import.failed',
            'task.accepted', 'task.returned', 'annotator.paused', 'release.ready', 'release.failed']::text[]),
    active          boolean     not null default true,
    created_at      timestamptz not null default now(),
    created_by      uuid references app_user (id)
);
create index webhook_endpoint_organization_idx on webhook_endpoint (organization_id, created_at desc, id desc);

create table webhook_delivery (
    id               uuid primary key default uuidv7(),
    organization_id  uuid        not null references organization (id),
    -- Deleting an endpoint stops its pending deliveries and drops their history with it.
    endpoint_id      uuid        not null references webhook_endpoint (id) on delete cascade,
    -- The event's id (the payload's "id"): the same for every endpoint that hears the event and for replays, so a
    -- receiver can drop a duplicate.
    event_id         uuid        not null,
    event_type       text        not null,
    -- The exact JSON body sent (and signed) at every attempt.
    payload          text        not null,
    -- pending: waiting for its next attempt; succeeded: a 2xx answer; failed: given up after the last attempt.
    state            text        not null default 'pending' check (state in ('pending', 'succeeded', 'failed')),
    attempts         integer     not null default 0 check (attempts >= 0),
    -- When the dispatcher may try it (again); null once it succeeded or failed. Also the claim: a dispatcher that
    -- takes a row moves it forward by its lease, so another replica does not send it at the same time.
    next_attempt_at  timestamptz,
    last_attempt_at  timestamptz,
    -- The last answer's HTTP status (null: no answer, see last_error) and the first characters of its body.
    last_status      integer,
    last_error       text,
    response_snippet text,
    -- A replay is a new delivery of the same payload; this names the delivery it repeats.
    replay_of        uuid references webhook_delivery (id) on delete set null,
    created_at       timestamptz not null default now(),
    check ((state = 'pending') = (next_attempt_at is not null))
);
create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at) where state = 'pending';
create index webhook_delivery_endpoint_idx on webhook_delivery (endpoint_id, created_at desc, id desc);
create index webhook_delivery_organization_idx on webhook_delivery (organization_id, created_at desc, id desc);
