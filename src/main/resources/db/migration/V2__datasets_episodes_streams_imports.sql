-- Datasets, episodes, streams and the import jobs that create them.
-- An episode row is inserted only when its import has written every stream (one transaction), so a half-imported
-- episode never exists in the database; its blobs live under a prefix the import deletes on failure.

create table dataset (
    id              uuid primary key default uuidv7(),
    organization_id uuid not null references organization (id),
    name            text not null check (length(trim(name)) > 0 and length(name) <= 200),
    description     text not null default '',
    created_by      uuid references app_user (id),
    created_at      timestamptz not null default now()
);
create unique index dataset_org_name_key on dataset (organization_id, lower(name));

create table import_job (
    id               uuid primary key default uuidv7(),
    organization_id  uuid not null references organization (id),
    dataset_id       uuid not null references dataset (id),
    created_by       uuid references app_user (id),
    source_kind      text not null check (source_kind in ('UPLOAD', 'SERVER_PATH', 'S3_PREFIX', 'GENERATOR', 'CLI')),
    source           text not null,
    state            text not null default 'QUEUED'
        check (state in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELLED')),
    progress         double precision not null default 0 check (progress between 0 and 1),
    progress_message text not null default '',
    episodes_done    integer not null default 0,
    episodes_total   integer,
    episodes_failed  integer not null default 0,
    error            text,
    notes            jsonb not null default '[]'::jsonb,
    cancel_requested boolean not null default false,
    created_at       timestamptz not null default now(),
    started_at       timestamptz,
    finished_at      timestamptz
);
create index import_job_org_created_idx on import_job (organization_id, created_at desc);

create table episode (
    id              uuid primary key default uuidv7(),
    organization_id uuid not null references organization (id),
    dataset_id      uuid not null references dataset (id),
    import_job_id   uuid references import_job (id),
    name            text not null,
    robot           text not null default '',
    task            text not null default '',
    operator        text not null default '',
    recorded_at     timestamptz,
    duration_ns     bigint not null check (duration_ns >= 0),
    source_file     text not null,
    source_format   text not null,
    blob_prefix     text not null,
    metadata        jsonb not null default '{}'::jsonb,
    ground_truth    jsonb,
    notes           jsonb not null default '[]'::jsonb,
    stream_count    integer not null default 0,
    created_at      timestamptz not null default now()
);
create index episode_dataset_idx on episode (dataset_id, created_at, id);
create index episode_org_idx on episode (organization_id);
create index episode_dataset_robot_idx on episode (dataset_id, robot);
create index episode_dataset_task_idx on episode (dataset_id, task);
create index episode_dataset_duration_idx on episode (dataset_id, duration_ns);

create table stream (
    id                 uuid primary key default uuidv7(),
    organization_id    uuid not null references organization (id),
    episode_id         uuid not null references episode (id) on delete cascade,
    name               text not null,
    kind               text not null check (kind in ('VIDEO', 'DEPTH', 'POINTCLOUD', 'SIGNAL', 'TACTILE')),
    blob_key           text not null,
    index_blob_key     text,
    sample_count       bigint not null check (sample_count >= 0),
    first_ns           bigint not null,
    last_ns            bigint not null,
    offset_ns          bigint not null default 0,
    rate_hz            double precision,
    median_interval_ns bigint,
    max_interval_ns    bigint,
    gap_count          integer not null default 0,
    dropped_count      integer not null default 0,
    channels           jsonb not null default '[]'::jsonb,
    properties         jsonb not null default '{}'::jsonb,
    source_file        text not null,
    source_detail      text not null default '',
    byte_size          bigint not null default 0,
    unique (episode_id, name)
);
create index stream_org_idx on stream (organization_id);

-- db-scheduler's table (com.github.kagkarlsson:db-scheduler): import jobs run as its one-time tasks, so any replica
-- can pick them up and a dead replica's work is taken over.
create table scheduled_tasks (
    task_name            text not null,
    task_instance        text not null,
    task_data            bytea,
    execution_time       timestamptz not null,
    picked               boolean not null,
    picked_by            text,
    last_success         timestamptz,
    last_failure         timestamptz,
    consecutive_failures integer,
    last_heartbeat       timestamptz,
    version              bigint not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
