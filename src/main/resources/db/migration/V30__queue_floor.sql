-- The queue's floor (issue 23, docs/workflow/queue.md "The floor"): per project and list (gold or not), the claim key
-- (priority desc, created_at, id) of a task at or before the first claimable one. The claim starts its index walk at
-- the floor instead of the head of the list, so entries of tasks claimed full or completed before the floor are
-- never read: while an old snapshot keeps them from being removed, a walk from the head passed over all of them.
--
-- Rule: every claimable task (open, a free slot, not excluded) of the list has a key at or after its floor.
-- * Lowered here, by triggers, in the transaction that makes a task claimable (a skip or expiry freeing a full task,
--   an overlap raised, triage un-excluding, gold marked, a task inserted): INSERT ... ON CONFLICT DO UPDATE locks
--   the floor row even when it leaves it unchanged, so it waits for an advance in flight and re-checks after it.
-- * Advanced by QueueFloors (every touchstone.workflow.floor-interval): it locks the row first, then reads the first
--   claimable task at or after the floor with a snapshot taken after the lock, so no lowering is lost.
-- Sentinels: no row or (2147483647, -infinity, nil uuid) means "walk from the head"; (-2147483648, infinity,
-- ffffffff-...) means "nothing claimable" (until a trigger lowers it).
create table task_floor (
    project_id      uuid        not null references project (id) on delete cascade,
    is_gold         boolean     not null,
    organization_id uuid        not null references organization (id) on delete cascade,
    priority        integer     not null,
    created_at      timestamptz not null,
    task_id         uuid        not null,
    moved_at        timestamptz not null default now(),
    primary key (project_id, is_gold)
);

create function task_floor_lower() returns trigger language plpgsql as $$
begin
    insert into task_floor as f (project_id, is_gold, organization_id, priority, created_at, task_id)
    values (new.project_id, new.is_gold, new.organization_id, new.priority, new.created_at, new.id)
    on conflict (project_id, is_gold) do update
       set priority = excluded.priority, created_at = excluded.created_at, task_id = excluded.task_id,
           moved_at = now()
     where excluded.priority > f.priority
        or (excluded.priority = f.priority and (excluded.created_at, excluded.task_id) < (f.created_at, f.task_id));
    return null;
end $$;

-- Fires only when a row becomes claimable or a claimable row changes its key or list: not on claims (a slot
-- taken), submits or completions, the hot path.
create trigger task_floor_on_update after update on task for each row
    when (new.state = 'open' and new.excluded_at is null and new.active_count < new.overlap
          and not (old.state = 'open' and old.excluded_at is null and old.active_count < old.overlap
                   and old.project_id = new.project_id and old.is_gold = new.is_gold
                   and old.priority = new.priority and old.created_at = new.created_at))
    execute function task_floor_lower();

create function task_floor_lower_inserted() returns trigger language plpgsql as $$
begin
    insert into task_floor as f (project_id, is_gold, organization_id, priority, created_at, task_id)
    select distinct on (i.project_id, i.is_gold) i.project_id, i.is_gold, i.organization_id, i.priority,
           i.created_at, i.id
      from inserted i
     where i.state = 'open' and i.excluded_at is null and i.active_count < i.overlap
     order by i.project_id, i.is_gold, i.priority desc, i.created_at, i.id
    on conflict (project_id, is_gold) do update
       set priority = excluded.priority, created_at = excluded.created_at, task_id = excluded.task_id,
           moved_at = now()
     where excluded.priority > f.priority
        or (excluded.priority = f.priority and (excluded.created_at, excluded.task_id) < (f.created_at, f.task_id));
    return null;
end $$;

create trigger task_floor_on_insert after insert on task referencing new table as inserted
    for each statement execute function task_floor_lower_inserted();

-- Projects made before this migration: the first claimable task of each list.
insert into task_floor (project_id, is_gold, organization_id, priority, created_at, task_id)
select distinct on (t.project_id, t.is_gold) t.project_id, t.is_gold, t.organization_id, t.priority, t.created_at,
       t.id
  from task t
 where t.state = 'open' and t.excluded_at is null and t.active_count < t.overlap
 order by t.project_id, t.is_gold, t.priority desc, t.created_at, t.id;
