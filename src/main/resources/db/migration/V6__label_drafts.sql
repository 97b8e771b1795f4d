-- An annotator's (or a project manager's) work on one episode under one schema version: the draft, its labels, the
-- log of saves, and submissions. Saves are small deltas (put or delete single labels) against the draft's revision;
-- each save is kept in label_change, so nothing an annotator did is lost even when a later save replaces it.
create table label_draft (
    id                uuid primary key default uuidv7(),
    organization_id   uuid        not null references organization (id),
    episode_id        uuid        not null references episode (id),
    schema_version_id uuid        not null references label_schema_version (id),
    owner_id          uuid        not null references app_user (id),
    -- Set by work distribution (issue 7); null for a draft opened directly on an episode.
    assignment_id     uuid,
    -- The episode's length when the draft was opened: every save checks labels against it, and episodes do not
    -- change length, so the draft keeps it instead of asking the dataset on each autosave.
    duration_ns       bigint      not null check (duration_ns >= 0),
    revision          bigint      not null default 0 check (revision >= 0),
    state             text        not null default 'open' check (state in ('open', 'submitted')),
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now()
);
create unique index label_draft_direct_key on label_draft (organization_id, episode_id, owner_id, schema_version_id)
    where assignment_id is null;
create index label_draft_episode_idx on label_draft (organization_id, episode_id);

-- The current labels of a draft. Deleted labels stay as tombstones so that a tab still holding one can be told
-- that it was deleted elsewhere instead of silently bringing it back.
create table label (
    draft_id        uuid    not null references label_draft (id),
    id              uuid    not null,
    organization_id uuid    not null references organization (id),
    kind            text    not null check (kind in ('phase', 'event', 'value', 'box2d', 'cuboid3d')),
    definition      text    not null,
    class_key       text,
    start_ns        bigint,
    end_ns          bigint,
    time_ns         bigint,
    body            jsonb   not null,
    revision        bigint  not null,
    deleted         boolean not null default false,
    primary key (draft_id, id)
);
create index label_definition_idx on label (organization_id, definition) where not deleted;

create table label_change (
    draft_id   uuid        not null references label_draft (id),
    revision   bigint      not null,
    save_id    uuid        not null,
    client_id  text        not null,
    actor_id   uuid        not null references app_user (id),
    ops        jsonb       not null,
    created_at timestamptz not null default now(),
    primary key (draft_id, revision),
    unique (draft_id, save_id)
);

create table label_submission (
    id               uuid primary key default uuidv7(),
    organization_id  uuid        not null references organization (id),
    draft_id         uuid        not null references label_draft (id),
    idempotency_key  text        not null check (length(idempotency_key) between 8 and 100),
    revision         bigint      not null,
    labels           jsonb       not null,
    submitted_by     uuid        not null references app_user (id),
    submitted_at     timestamptz not null default now(),
    unique (draft_id, idempotency_key)
);
