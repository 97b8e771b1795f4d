-- Releases (issue 9, first slice): an immutable, versioned snapshot of a project's accepted labels, with its quality
-- report and export files (docs/release/releases.md). The snapshot is COPIED into release_item when the release is
-- built, so a task edited, returned or re-accepted later never changes a release; the triggers below hold that.

create table release (
    id                  uuid primary key default uuidv7(),
    organization_id     uuid        not null references organization (id),
    project_id          uuid        not null references project (id),
    -- "1", "2" or semantic "1.0.0"; unique per project.
    version             text        not null check (version ~ '^[0-9]{1,9}(\.[0-9]{1,9}){0,2}$'),
    notes               text        not null default '' check (length(notes) <= 4000),
    -- The filter. Only accepted tasks are ever released; with verdict_accept_only a task whose accepted labels hold
    -- an episode-level verdict "reject" is left out. label_types: the label types whose labels are included.
    verdict_accept_only boolean     not null default false,
    label_types         text[]      not null check (cardinality(label_types) >= 1),
    -- The project's schema version when the release was made (every task of a project uses it).
    schema_version_id   uuid        not null references label_schema_version (id),
    state               text        not null default 'building' check (state in ('building', 'ready', 'failed')),
    progress_done       integer     not null default 0 check (progress_done >= 0),
    -- Accepted tasks when the build started (before the verdict filter); null until counted.
    progress_total      integer check (progress_total >= 0),
    progress_message    text        not null default '',
    task_count          integer check (task_count >= 0),
    error               text,
    report              jsonb,
    -- [{"name": "labels.jsonl", "key": ..., "size": ..., "sha256": ...}, ...] once ready.
    files               jsonb       not null default '[]',
    created_by          uuid        not null references app_user (id),
    created_at          timestamptz not null default now(),
    finished_at         timestamptz,
    unique (project_id, version),
    check ((state = 'ready') = (report is not null and task_count is not null and finished_at is not null))
);
create index release_org_idx on release (organization_id, created_at desc);

-- One released task: a frozen copy of what was accepted, the consensus and agreement as they were, and every
-- annotator's submitted version.
create table release_item (
    release_id      uuid        not null references release (id),
    task_id         uuid        not null references task (id),
    organization_id uuid        not null references organization (id),
    episode_id      uuid        not null references episode (id),
    episode_name    text        not null,
    window_start_ns bigint,
    window_end_ns   bigint,
    labels          jsonb       not null,
    consensus       jsonb,
    agreement       jsonb,
    -- [{"annotatorId", "annotatorName", "assignmentId", "submissionId", "submittedAt", "labels"}], by assignment id.
    annotators      jsonb       not null,
    gold            boolean     not null,
    accepted_by     uuid references app_user (id),
    accepted_by_name text,
    accepted_at     timestamptz,
    primary key (release_id, task_id)
);

-- Items are written once and never changed or removed.
create function release_item_frozen() returns trigger language plpgsql as $$
begin
    raise exception 'release items are immutable (release %, task %)', old.release_id, old.task_id
        using errcode = 'integrity_constraint_violation';
end $$;
create trigger release_item_frozen before update or delete on release_item
    for each row execute function release_item_frozen();

-- A release is never deleted; while building only its progress, outcome, report and files change, and once ready or
-- failed nothing does. Items may only be added while it is building.
create function release_frozen() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'releases are never deleted (release %)', old.id using errcode = 'integrity_constraint_violation';
    end if;
    if old.state <> 'building' then
        raise exception 'release % is % and can no longer change', old.id, old.state
            using errcode = 'integrity_constraint_violation';
    end if;
    if (new.organization_id, new.project_id, new.version, new.notes, new.verdict_accept_only, new.label_types,
        new.schema_version_id, new.created_by, new.created_at)
       is distinct from
       (old.organization_id, old.project_id, old.version, old.notes, old.verdict_accept_only, old.label_types,
        old.schema_version_id, old.created_by, old.created_at) then
        raise exception 'the definition of release % cannot change', old.id
            using errcode = 'integrity_constraint_violation';
    end if;
    return new;
end $$;
create trigger release_frozen before update or delete on release
    for each row execute function release_frozen();

create function release_item_while_building() returns trigger language plpgsql as $$
begin
    if not exists (select 1 from release where id = new.release_id and state = 'building') then
        raise exception 'release % is not building; items cannot be added', new.release_id
            using errcode = 'integrity_constraint_violation';
    end if;
    return new;
end $$;
create trigger release_item_while_building before insert on release_item
    for each row execute function release_item_while_building();

-- The build jobs' own db-scheduler table: the import queue's scheduler polls scheduled_tasks and would log every
-- release job as a task it does not know; a table per queue keeps the two modules' schedulers apart.
create table release_scheduled_tasks (
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
create index release_scheduled_tasks_execution_idx on release_scheduled_tasks (execution_time);
create index release_scheduled_tasks_heartbeat_idx on release_scheduled_tasks (last_heartbeat);
create index release_scheduled_tasks_priority_idx on release_scheduled_tasks (priority desc, execution_time asc);

-- The labels of a list whose definition is one of the given keys, in their order (the release's label-type filter).
create function release_filter_labels(labels jsonb, definitions text[]) returns jsonb language sql immutable as $$
    select coalesce(jsonb_agg(l order by n), '[]'::jsonb)
      from jsonb_array_elements(coalesce(labels, '[]'::jsonb)) with ordinality as x(l, n)
     where l ->> 'definition' = any (definitions)
$$;
