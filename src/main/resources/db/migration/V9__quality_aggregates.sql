-- Annotator quality and project agreement, kept up to date as tasks are merged (issue 8, docs/quality/dashboards.md).
-- Owned by the quality module: workflow hands it every merged task and every gold score (QualityRecorder); nothing
-- here is read from workflow's tables except names for display.
--
-- Two layers: per-task rows (task_agreement, annotator_agreement, gold_result) are the detail, used for drill-down
-- and to subtract a task's old contribution when it is merged again; the additive summaries (agreement_day,
-- annotator_day, confusion_count, coincidence_count, coincidence_moment) are what the dashboard reads, a few rows
-- per definition and UTC day, whatever the number of tasks.

-- The per-task agreement of each definition, as the consensus computed it. unit_values: for coded definitions
-- (episode-scoped single-class category, verdict, rating, number), the unit's values sorted and joined by U+001F
-- (what unit_count counts).
create table task_agreement (
    task_id         uuid             not null references task (id),
    definition      text             not null,
    organization_id uuid             not null references organization (id),
    project_id      uuid             not null references project (id),
    type            text             not null,
    agreement       double precision not null,
    completed_at    timestamptz      not null,
    day             date             not null,
    unit_values     text,
    primary key (task_id, definition)
);
-- "Lowest agreement first in a project and definition"
create index task_agreement_low_idx on task_agreement (project_id, definition, agreement, task_id);

-- Each annotator's agreement with the consensus per definition (the pair score of docs/workflow/consensus.md,
-- submission against consensus). annotator_class / consensus_class: for coded definitions the value each gave
-- ('∅' for none): class key, 'accept'/'reject', the rating, the number as Java prints it (exact round trip).
create table annotator_agreement (
    task_id         uuid             not null references task (id),
    definition      text             not null,
    annotator_id    uuid             not null references app_user (id),
    organization_id uuid             not null references organization (id),
    project_id      uuid             not null references project (id),
    type            text             not null,
    score           double precision not null,
    annotator_class text,
    consensus_class text,
    completed_at    timestamptz      not null,
    day             date             not null,
    primary key (task_id, definition, annotator_id)
);
create index annotator_agreement_low_idx on annotator_agreement (project_id, definition, annotator_id, score, task_id);

-- Sums per project, definition and UTC day of completion: tasks and the sum of their agreements.
create table agreement_day (
    project_id      uuid             not null references project (id),
    definition      text             not null,
    day             date             not null,
    organization_id uuid             not null references organization (id),
    tasks           bigint           not null,
    agreement_sum   double precision not null,
    primary key (project_id, definition, day)
);

-- Sums per project, annotator, definition and day: tasks and the sum of the annotator's agreement with consensus.
create table annotator_day (
    project_id      uuid             not null references project (id),
    annotator_id    uuid             not null references app_user (id),
    definition      text             not null,
    day             date             not null,
    organization_id uuid             not null references organization (id),
    tasks           bigint           not null,
    score_sum       double precision not null,
    primary key (project_id, annotator_id, definition, day)
);

-- Category (single class) and verdict definitions: how often an annotator gave annotator_class where the consensus
-- was consensus_class; n = n + 1 per merged task (n - 1 when a task's old rows are replaced).
create table confusion_count (
    project_id      uuid   not null references project (id),
    definition      text   not null,
    annotator_id    uuid   not null references app_user (id),
    annotator_class text   not null,
    consensus_class text   not null,
    organization_id uuid   not null references organization (id),
    n               bigint not null,
    primary key (project_id, definition, annotator_id, annotator_class, consensus_class)
);

-- Krippendorff coincidences of the nominal and ordinal coded definitions (category, verdict, rating) per UTC day:
-- ordered pairs (value_a, value_b) of values of different annotators within units of unit_size values. The
-- coincidence matrix is o(a, b) = sum of pairs / (unit_size - 1), exact integers until that one division.
create table coincidence_count (
    project_id      uuid   not null references project (id),
    definition      text   not null,
    day             date   not null,
    unit_size       int    not null,
    value_a         text   not null,
    value_b         text   not null,
    organization_id uuid   not null references organization (id),
    pairs           bigint not null,
    primary key (project_id, definition, day, unit_size, value_a, value_b)
);

-- The distinct units of coded definitions (the sorted values one task received, as in task_agreement.unit_values,
-- at least two) and how many tasks had each: the bootstrap interval of alpha resamples these, so it reads a few dozen
-- rows for a category however many tasks there are.
create table unit_count (
    project_id      uuid   not null references project (id),
    definition      text   not null,
    unit_values     text   not null,
    organization_id uuid   not null references organization (id),
    n               bigint not null,
    primary key (project_id, definition, unit_values)
);

-- Interval alpha of number definitions from additive moments per UTC day (every mass estimate is its own category,
-- so a coincidence table would be as large as the data): n values in pairable units, their sum and sum of squares,
-- and the observed disagreement sum over units of sum_{i != j} (v_i - v_j)^2 / (m_u - 1).
create table coincidence_moment (
    project_id      uuid             not null references project (id),
    definition      text             not null,
    day             date             not null,
    organization_id uuid             not null references organization (id),
    units           bigint           not null,
    n               bigint           not null,
    sum_v           double precision not null,
    sum_v2          double precision not null,
    d_o             double precision not null,
    primary key (project_id, definition, day)
);

-- Gold scores as workflow hands them over (one row per gold assignment; a resubmission replaces it).
create table gold_result (
    assignment_id   uuid primary key references assignment (id),
    organization_id uuid             not null references organization (id),
    project_id      uuid             not null references project (id),
    annotator_id    uuid             not null references app_user (id),
    task_id         uuid             not null references task (id),
    score           double precision not null check (score between 0 and 1),
    per_definition  jsonb            not null,
    scored_at       timestamptz      not null,
    day             date             not null
);
create index gold_result_annotator_idx on gold_result (project_id, annotator_id, day) include (score);

-- The rebuild of a project's aggregates from its merged tasks (a background job workflow drives).
create table quality_recompute (
    project_id      uuid primary key references project (id),
    organization_id uuid        not null references organization (id),
    state           text        not null check (state in ('running', 'done', 'failed')),
    total           int         not null default 0,
    done            int         not null default 0,
    error           text,
    started_at      timestamptz not null,
    updated_at      timestamptz not null,
    finished_at     timestamptz
);
