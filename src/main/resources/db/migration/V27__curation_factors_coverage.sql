-- Episode factors and the coverage planner (issue 22, items 1 and 2; docs/curation.md). A dataset declares its design
-- factors; each episode's value of each factor is stored as given, and the coverage table keeps one row per episode
-- with the bin of every factor and the episode's outcome, so a grid of any two or three factors is one scan of one
-- dataset's rows, without reading episodes, tasks or flags.

create table curation_factor (
    id              uuid primary key default uuidv7(),
    organization_id uuid        not null references organization (id),
    dataset_id      uuid        not null references dataset (id),
    -- The factor's slot in coverage_episode.bins (1-based), unique in the dataset.
    position        smallint    not null check (position between 1 and 12),
    key             text        not null check (key ~ '^[a-z][a-z0-9_]{0,39}$'),
    name            text        not null check (length(trim(name)) between 1 and 100),
    kind            text        not null check (kind in ('categorical', 'numeric')),
    -- Categorical: the allowed values in display order. An open factor appends a value it has not seen.
    categories      text[]      not null default '{}',
    open            boolean     not null default false,
    -- Numeric: ascending bin edges e0 < e1 < ... < en; bin i is [e(i-1), e(i)), the last one closed.
    edges           double precision[] not null default '{}',
    -- Where values come from: an episode metadata key, a value label of a project (its first class), or manual
    -- (CSV upload or the API).
    source          text        not null check (source in ('metadata', 'label', 'manual')),
    source_key      text check (source_key is null or length(source_key) between 1 and 200),
    project_id      uuid references project (id),
    -- The outcome factor: values that count as a success (at most one factor of a dataset has any).
    success_values  text[]      not null default '{}',
    created_at      timestamptz not null default now(),
    check ((source = 'manual') = (source_key is null)),
    check ((source = 'label') = (project_id is not null)),
    check ((kind = 'categorical' and cardinality(edges) = 0)
        or (kind = 'numeric' and cardinality(edges) >= 2 and cardinality(categories) = 0 and not open
            and cardinality(success_values) = 0))
);
create unique index curation_factor_dataset_key on curation_factor (dataset_id, key);
create unique index curation_factor_dataset_position on curation_factor (dataset_id, position);
create index curation_factor_org_dataset_idx on curation_factor (organization_id, dataset_id);

-- An episode's value of a factor, as given (a category, or a number written as text).
create table curation_factor_value (
    organization_id uuid not null references organization (id),
    factor_id       uuid not null references curation_factor (id) on delete cascade,
    episode_id      uuid not null references episode (id) on delete cascade,
    value           text not null check (length(value) between 1 and 200),
    primary key (factor_id, episode_id)
);

-- The coverage table: one row per episode of a dataset, kept up to date by events (imports, accepted tasks, quality
-- verdicts) and by factor changes.
create table coverage_episode (
    organization_id uuid        not null references organization (id),
    dataset_id      uuid        not null references dataset (id),
    episode_id      uuid primary key references episode (id) on delete cascade,
    name            text        not null,
    -- bins[position] is the 1-based category index or bin number of the factor at that position; null: no value.
    bins            smallint[]  not null default '{}',
    -- A task of the episode was accepted (any project).
    accepted        boolean     not null default false,
    -- The outcome factor's value is a success (true), another value (false), or there is none (null).
    success         boolean,
    -- 1 when the newest suggested quality verdict of the episode rejects it, 0 when it accepts, null unmeasured.
    quality_flag    double precision,
    imported_at     timestamptz not null default now()
);
create index coverage_episode_dataset_idx on coverage_episode (dataset_id, organization_id);

-- The incremental aggregate the grid reads: per dataset, one row per combination of bins (every factor's, as in
-- coverage_episode.bins) with the counts of its episodes. A trigger applies every change of coverage_episode to it
-- (the old row's counts out, the new row's in), so a grid groups a few thousand combinations instead of every
-- episode (docs/benchmarks.md, "Coverage grid"). Rows whose counts fall to 0 stay; they add nothing to a sum.
create table coverage_combo (
    organization_id uuid             not null references organization (id),
    dataset_id      uuid             not null references dataset (id),
    bins            smallint[]       not null,
    episodes        integer          not null default 0,
    accepted        integer          not null default 0,
    labelled        integer          not null default 0,
    successes       integer          not null default 0,
    measured        integer          not null default 0,
    -- The sum of the measured episodes' quality flags.
    flagged         double precision not null default 0,
    primary key (dataset_id, bins)
);

create function coverage_combo_apply(e coverage_episode, sign integer) returns void
    language sql as
$$
insert into coverage_combo as c (organization_id, dataset_id, bins, episodes, accepted, labelled, successes, measured,
                                 flagged)
values (e.organization_id, e.dataset_id, e.bins, sign, case when e.accepted then sign else 0 end,
        case when e.success is not null then sign else 0 end, case when e.success then sign else 0 end,
        case when e.quality_flag is not null then sign else 0 end, coalesce(e.quality_flag, 0) * sign)
on conflict (dataset_id, bins) do update
    set episodes  = c.episodes + excluded.episodes,
        accepted  = c.accepted + excluded.accepted,
        labelled  = c.labelled + excluded.labelled,
        successes = c.successes + excluded.successes,
        measured  = c.measured + excluded.measured,
        flagged   = c.flagged + excluded.flagged
$$;

create function coverage_combo_sync() returns trigger
    language plpgsql as
$$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        perform coverage_combo_apply(old, -1);
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform coverage_combo_apply(new, 1);
    end if;
    return null;
end
$$;

create trigger coverage_combo_sync
    after insert or update or delete on coverage_episode
    for each row execute function coverage_combo_sync();
