-- Issue 20 (docs/proposals.md): proposer settings stored per project, a prediction without a confidence stored as
-- unknown, and the idle head and tail trim a project manager accepted for an episode, which releases honour.

-- A project's proposer settings (proposal.ProposerSettings and proposal.QualitySettings as JSON,
-- proposal.ProposerSettingsCodec). No row: the defaults, which fit the synthetic generator and the starter schema.
create table proposer_settings (
    project_id      uuid primary key references project (id),
    organization_id uuid        not null references organization (id),
    settings        jsonb       not null,
    updated_at      timestamptz not null default now(),
    updated_by      uuid references app_user (id)
);
create index proposer_settings_org_idx on proposer_settings (organization_id, project_id);

-- A source that gives no confidence for a label: null ("no confidence"), no longer stored as 1.0, which read as
-- "certain". The range check lets null through.
alter table proposal_label alter column confidence drop not null;
alter table label_proposal alter column confidence drop not null;

-- The trim a project manager accepted for an episode of a project on the triage screen: releases keep
-- [start_ns, end_ns) of the episode (labels outside dropped, labels across an end clipped, the LeRobot episode cut).
create table episode_trim (
    organization_id uuid        not null references organization (id),
    project_id      uuid        not null references project (id),
    episode_id      uuid        not null references episode (id),
    start_ns        bigint      not null check (start_ns >= 0),
    end_ns          bigint      not null,
    accepted_at     timestamptz not null default now(),
    accepted_by     uuid references app_user (id),
    primary key (project_id, episode_id),
    check (end_ns > start_ns)
);
create index episode_trim_org_idx on episode_trim (organization_id, project_id);

-- The trim in force when a release was built, frozen with its item like everything else there (null: none).
alter table release_item
    add column trim_start_ns bigint,
    add column trim_end_ns   bigint,
    add constraint release_item_trim check ((trim_start_ns is null) = (trim_end_ns is null)
        and (trim_start_ns is null or trim_end_ns > trim_start_ns));
