-- API tokens may also post predictions (POST /api/v1/projects/{id}/episodes/{id}/predictions).
alter table api_token drop constraint api_token_scopes_check;
alter table api_token add constraint api_token_scopes_check
    check (cardinality(scopes) >= 1 and scopes <@ array ['releases:read', 'predictions:write']::text[]);

-- A project's ML backend (issue 20, item 2): Touchstone POSTs an episode's facts to the URL, signed with the shared
-- secret (HMAC-SHA256), and stores the answer like posted predictions. The secret is kept as given: Touchstone must
-- sign with it, so a hash would not do.
create table ml_backend (
    project_id      uuid primary key references project (id),
    organization_id uuid        not null references organization (id),
    url             text        not null check (length(url) between 1 and 2000),
    secret          text        not null check (length(secret) between 16 and 200),
    updated_at      timestamptz not null default now(),
    updated_by      uuid references app_user (id)
);

-- Every call of a project's ML backend for an episode, with what came of it, so a project manager sees failures.
create table ml_backend_call (
    id              uuid primary key default uuidv7(),
    organization_id uuid        not null references organization (id),
    project_id      uuid        not null references project (id),
    episode_id      uuid        not null references episode (id),
    url             text        not null,
    outcome         text        not null check (outcome in ('stored', 'failed')),
    attempts        integer     not null check (attempts >= 1),
    -- The last answer's HTTP status, or null when none came (a timeout, a refused connection).
    http_status     integer,
    message         text check (message is null or length(message) <= 4000),
    source          text,
    version         text,
    labels          integer     not null default 0 check (labels >= 0),
    duration_ms     bigint      not null check (duration_ms >= 0),
    created_at      timestamptz not null default now()
);
create index ml_backend_call_project_idx on ml_backend_call (organization_id, project_id, created_at desc);
