-- Work distribution, second part (issue 7): drafts tied to assignments and reviews, consensus, gold scoring, review
-- decisions and notifications (docs/workflow/review.md).

-- A draft is one of three kinds: opened directly on an episode (assignment_id and review_task_id null), worked on
-- under an assignment, or a QA lead's edit of a task's consensus. 'closed': its assignment ended (expired or was
-- skipped); it stays for audit but takes no more saves.
alter table label_draft add column review_task_id uuid;
alter table label_draft drop constraint label_draft_state_check;
alter table label_draft add constraint label_draft_state_check check (state in ('open', 'submitted', 'closed'));
drop index label_draft_direct_key;
create unique index label_draft_direct_key on label_draft (organization_id, episode_id, owner_id, schema_version_id)
    where assignment_id is null and review_task_id is null;
create unique index label_draft_assignment_key on label_draft (assignment_id) where assignment_id is not null;
create unique index label_draft_review_key on label_draft (review_task_id, owner_id) where review_task_id is not null;

-- Project settings for quality: which tasks go to review, how labels are merged, when agreement is too low, and the
-- gold accuracy an annotator must keep.
alter table project
    add column review_policy        text             not null default 'disagreement'
        check (review_policy in ('all', 'sample', 'disagreement')),
    -- 'sample': this share of the tasks that agree goes to review as well.
    add column review_sample        double precision not null default 0 check (review_sample between 0 and 1),
    -- Per label type ("phase", "event", ...): "auto" (merged by the rule of docs/workflow/consensus.md) or
    -- "reviewer" (a QA lead decides whenever the annotators differ). Types not named are "auto", text "reviewer".
    add column consensus_rules      jsonb            not null default '{}',
    -- Per label type, the lowest task agreement (0..1) that is accepted without review; default 0.8.
    add column agreement_thresholds jsonb            not null default '{}',
    add column min_gold_accuracy    double precision not null default 0.7 check (min_gold_accuracy between 0 and 1),
    -- Gold submissions scored before the accuracy can pause anyone: one unlucky task should not.
    add column min_gold_scored      integer          not null default 3 check (min_gold_scored between 1 and 1000),
    add column updated_at           timestamptz      not null default now();

-- What happened to a task after its N submissions: 'labeling' until then, 'review' (waiting for a QA lead) or
-- 'accepted'. consensus: the merged labels; agreement: per definition; final_labels: what was accepted (the
-- consensus, or a QA lead's edit of it). gold_labels: a gold task's reference answer (a task marked gold without
-- one is served like gold but not scored until a QA lead gives it an answer).
alter table task
    add column review_state   text not null default 'labeling' check (review_state in ('labeling', 'review', 'accepted')),
    add column review_reason  text,
    add column consensus      jsonb,
    add column agreement      jsonb,
    add column final_labels   jsonb,
    add column accepted_by    uuid references app_user (id),
    add column accepted_at    timestamptz,
    add column gold_labels    jsonb,
    add column gold_source    text check (gold_source in ('curated', 'consensus')),
    add column gold_by        uuid references app_user (id),
    add constraint task_accepted_has_labels check ((review_state = 'accepted') = (final_labels is not null));
create index task_review_idx on task (organization_id, review_state, completed_at) where review_state = 'review';

-- Returned work carries the QA lead's comment to its annotator; submitted_at dates throughput and time per task.
alter table assignment
    add column return_comment text check (return_comment is null or length(return_comment) <= 4000),
    add column returned_by    uuid references app_user (id),
    add column returned_at    timestamptz,
    add column submitted_at   timestamptz,
    add column submission_id  uuid references label_submission (id);
-- The media grant ("did this annotator ever have a task of this episode?") uses assignment_annotator_task_idx of
-- V8_1.
create index assignment_project_submitted_idx on assignment (project_id, submitted_at) where submitted_at is not null;

-- One row per scored gold submission; an annotator's gold accuracy on a project is the mean of their rows. A
-- resubmission (returned work) replaces its row.
create table gold_score (
    assignment_id   uuid primary key references assignment (id),
    organization_id uuid             not null references organization (id),
    project_id      uuid             not null references project (id),
    annotator_id    uuid             not null references app_user (id),
    task_id         uuid             not null references task (id),
    score           double precision not null check (score between 0 and 1),
    per_definition  jsonb            not null,
    scored_at       timestamptz      not null default now()
);
create index gold_score_annotator_idx on gold_score (project_id, annotator_id, scored_at);

-- Messages for a role of an organization (today: QA leads told that an annotator was paused). Dismissed per
-- organization, not per person: one QA lead acting on it is enough.
create table notification (
    id              uuid primary key default uuidv7(),
    organization_id uuid        not null references organization (id),
    role            text        not null,
    kind            text        not null,
    subject_type    text        not null,
    subject_id      text        not null,
    message         text        not null,
    created_at      timestamptz not null default now(),
    dismissed_by    uuid references app_user (id),
    dismissed_at    timestamptz
);
create index notification_open_idx on notification (organization_id, role, created_at desc) where dismissed_at is null;
