-- Triage (issue 20, item 5): an episode's demonstration-quality flags as the quality proposers measured them, and
-- the project manager's two decisions on its tasks (review first, exclude from the project).

-- One row per (project, episode, flag) as QualityProposers.assess measured it (docs/proposals.md, "Triage"). The
-- task-relative flags (path.ratio, duration.z, noise.ratio: what QualityProposers.withinTask adds) are not stored:
-- they depend on every episode of the project and are computed when the flags are read. value is null when the flag
-- could not be computed (NaN).
create table episode_flag (
    organization_id uuid             not null references organization (id),
    project_id      uuid             not null references project (id),
    episode_id      uuid             not null references episode (id),
    position        integer          not null check (position >= 0),
    key             text             not null check (length(key) between 1 and 100),
    value           double precision,
    unit            text             not null check (length(unit) <= 50),
    -- The explaining spans: proposal.Evidence as JSON (stream, channels, startNanos, endNanos, note).
    spans           jsonb            not null default '[]',
    -- The proposed trim [trim_start_ns, trim_end_ns) of the idle head and tail, the same on every row of an episode.
    trim_start_ns   bigint           not null check (trim_start_ns >= 0),
    trim_end_ns     bigint           not null,
    measured_at     timestamptz      not null default now(),
    primary key (project_id, episode_id, key),
    check (trim_end_ns >= trim_start_ns)
);
create index episode_flag_org_project_idx on episode_flag (organization_id, project_id);

-- Review first: a completed task of the episode goes to review whatever the review policy, and the review inbox
-- lists it before the project's other tasks. Excluded: the task leaves the annotators' queue, the review inbox and
-- releases; clearing excluded_at puts it back (the reason and who excluded it stay in the audit log).
alter table task
    add column review_first    boolean not null default false,
    add column excluded_at     timestamptz,
    add column excluded_by     uuid references app_user (id),
    add column excluded_reason text check (excluded_reason is null or length(trim(excluded_reason)) between 1 and 500),
    add constraint task_excluded_has_reason check ((excluded_at is null) = (excluded_reason is null));

-- The claim skips excluded tasks; with the condition in the index they are not even walked over.
drop index task_claim_walk_idx;
create index task_claim_walk_idx on task (project_id, is_gold, priority desc, created_at, id)
    where state = 'open' and active_count < overlap and excluded_at is null;
