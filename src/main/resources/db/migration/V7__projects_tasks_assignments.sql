-- Work distribution (issue 7): projects, their tasks, and the assignments that give a task to one annotator.
-- The claim ("Start labeling") is one statement that locks a task row with FOR UPDATE SKIP LOCKED; the rules it
-- relies on are held here as constraints so that no code path can break them (docs/workflow/queue.md):
--   - an annotator never gets the same task twice: unique (task_id, annotator_id) on assignment, whatever the
--     state of the earlier assignment (expired, skipped, submitted);
--   - a task never has more than N live, submitted or returned assignments: task.active_count is kept in the same
--     transaction as every assignment change and checked against task.overlap (N, copied from the project).

create table project (
    id                uuid primary key default uuidv7(),
    organization_id   uuid             not null references organization (id),
    name              text             not null check (length(trim(name)) between 1 and 200),
    dataset_id        uuid             not null references dataset (id),
    schema_version_id uuid             not null references label_schema_version (id),
    overlap           integer          not null check (overlap between 1 and 50),
    gold_rate         double precision not null default 0 check (gold_rate between 0 and 1),
    lease_seconds     integer          not null check (lease_seconds between 1 and 86400),
    priority          integer          not null default 0,
    deadline          timestamptz,
    -- When true only the annotators listed in project_annotator (and not paused) may work on it.
    restricted        boolean          not null default false,
    state             text             not null default 'active' check (state in ('active', 'paused', 'closed')),
    created_by        uuid references app_user (id),
    created_at        timestamptz      not null default now()
);
create unique index project_org_name_key on project (organization_id, lower(name));
create index project_org_state_idx on project (organization_id, state, priority desc);

-- Annotators named on a project: the restriction list of a restricted project, and pauses (gold accuracy below the
-- threshold, or a QA lead's decision) on any project. A paused annotator gets nothing from that project.
create table project_annotator (
    project_id      uuid        not null references project (id),
    annotator_id    uuid        not null references app_user (id),
    organization_id uuid        not null references organization (id),
    paused          boolean     not null default false,
    paused_reason   text check (paused_reason is null or length(paused_reason) <= 500),
    paused_by       uuid references app_user (id),
    paused_at       timestamptz,
    created_at      timestamptz not null default now(),
    primary key (project_id, annotator_id),
    check (not paused or paused_reason is not null)
);

create table task (
    id              uuid primary key default uuidv7(),
    organization_id uuid        not null references organization (id),
    project_id      uuid        not null references project (id),
    episode_id      uuid        not null references episode (id),
    -- A time window of a long episode, or both null for the whole episode.
    window_start_ns bigint,
    window_end_ns   bigint,
    priority        integer     not null default 0,
    -- Never shown to annotators: the claim mixes gold in at the project's rate and the API does not carry it.
    is_gold         boolean     not null default false,
    state           text        not null default 'open' check (state in ('open', 'complete')),
    -- N, copied from the project so that the check below can hold the limit in the row itself.
    overlap         integer     not null check (overlap >= 1),
    -- Assignments that hold a slot: live, submitted or returned (returned work is redone by the same annotator).
    active_count    integer     not null default 0,
    submitted_count integer     not null default 0,
    created_at      timestamptz not null default now(),
    completed_at    timestamptz,
    check ((window_start_ns is null) = (window_end_ns is null)),
    check (window_start_ns is null or (window_start_ns >= 0 and window_start_ns < window_end_ns)),
    check (active_count between 0 and overlap),
    check (submitted_count between 0 and active_count),
    check ((state = 'complete') = (submitted_count = overlap))
);
create unique index task_episode_window_key on task (project_id, episode_id, coalesce(window_start_ns, -1));
-- The claim's candidates: open tasks with a free slot, in the order the claim walks them within a project.
create index task_claimable_idx on task (project_id, priority desc, created_at, id)
    where state = 'open' and active_count < overlap;
create index task_org_project_idx on task (organization_id, project_id);

create table assignment (
    id                uuid primary key default uuidv7(),
    organization_id   uuid        not null references organization (id),
    project_id        uuid        not null references project (id),
    task_id           uuid        not null references task (id),
    annotator_id      uuid        not null references app_user (id),
    state             text        not null default 'live'
        check (state in ('live', 'submitted', 'expired', 'skipped', 'returned')),
    lease_expires_at  timestamptz not null,
    last_heartbeat_at timestamptz not null default now(),
    skip_reason       text check (skip_reason is null or length(skip_reason) between 1 and 500),
    -- The draft worked on under this assignment (labeling's label_draft.assignment_id points back); kept when the
    -- assignment expires, for audit.
    draft_id          uuid references label_draft (id),
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    unique (task_id, annotator_id),
    check ((state = 'skipped') = (skip_reason is not null))
);
-- The expiry sweep: live assignments by lease end.
create index assignment_live_lease_idx on assignment (lease_expires_at) where state = 'live';
-- "My work in progress" and "work returned to me" at claim time.
create index assignment_annotator_open_idx on assignment (annotator_id, organization_id)
    where state in ('live', 'returned');
create index assignment_org_project_idx on assignment (organization_id, project_id);
