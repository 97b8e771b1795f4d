-- The claim (docs/workflow/queue.md) reads, per eligible project, the first few free gold tasks and the first few
-- free normal tasks in the queue's order. With the gold flag in the key both lists are read straight from the
-- index, wherever the gold tasks lie in the project (task_claimable_idx had to step over the normal tasks to reach
-- the gold ones, and the old claim sorted every free task of the annotator's projects on every claim). It replaces
-- task_claimable_idx (same predicate, used by nothing else), so a task update still writes one queue index entry.
create index task_claim_walk_idx on task (project_id, is_gold, priority desc, created_at, id)
    where state = 'open' and active_count < overlap;
drop index task_claimable_idx;
-- "Tasks this annotator never had": the claim reads the annotator's own assignments for its anti-join. Without
-- this index that was a scan of the whole assignment table on every claim (the unique key starts with task_id).
create index assignment_annotator_task_idx on assignment (annotator_id, task_id);
