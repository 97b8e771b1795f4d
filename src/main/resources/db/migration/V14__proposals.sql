-- Proposals (issue 20): labels suggested for a project's episode by a source (the signal proposers, a model's posted
-- predictions, a project's ML backend). A set is everything one source at one version proposed for one episode of
-- one project; a new set for the same (project, episode, source, version) replaces the old one in one transaction
-- (the set row is upserted, which locks it, and its labels are rewritten), so a reader sees the old or the new set,
-- never a mix.
create table proposal_set (
    id              uuid primary key default uuidv7(),
    organization_id uuid        not null references organization (id),
    project_id      uuid        not null references project (id),
    episode_id      uuid        not null references episode (id),
    source          text        not null check (length(source) between 1 and 100),
    version         text        not null check (length(version) between 1 and 100),
    -- Why the source proposed nothing here (e.g. the episode lacks a configured sensor stream), or null. A set with
    -- a note and no labels records that the source ran, so it is not run again on every read.
    note            text check (note is null or length(note) <= 2000),
    label_count     integer     not null default 0 check (label_count >= 0),
    created_at      timestamptz not null default now(),
    -- Null when the application made it on its own (demo seeding, a background run without a person).
    created_by      uuid references app_user (id)
);
create unique index proposal_set_key on proposal_set (project_id, episode_id, source, version);
create index proposal_set_org_episode_idx on proposal_set (organization_id, project_id, episode_id, source,
                                                           created_at desc);

-- The labels of a set in the drafts' JSON (labeling.Label), with the source's confidence and evidence.
create table proposal_label (
    set_id          uuid             not null references proposal_set (id) on delete cascade,
    organization_id uuid             not null references organization (id),
    position        integer          not null check (position >= 0),
    label_id        uuid             not null,
    label           jsonb            not null,
    confidence      double precision not null check (confidence between 0 and 1),
    evidence        jsonb            not null default '[]',
    primary key (set_id, position)
);
create unique index proposal_label_id_key on proposal_label (set_id, label_id);
