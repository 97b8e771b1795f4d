-- Issue 20 item 3: proposals in the labeling workspace. The proposals a draft's workspace was shown (a proposer over
-- the robot's signals, a model's predictions), each with what the annotator did with it: accepted unchanged,
-- adjusted, deleted, or nothing yet (null). The label id is the proposal's, so a proposal accepted unchanged is the
-- draft's label of that id. Kept when the draft is submitted, so quality can count how often each source's proposals
-- were accepted (docs/labeling/api.md, "Proposals").
create table label_proposal (
    draft_id         uuid             not null references label_draft (id),
    label_id         uuid             not null,
    organization_id  uuid             not null references organization (id),
    source           text             not null check (length(source) between 1 and 200),
    version          text             not null check (length(version) between 1 and 200),
    confidence       double precision not null check (confidence between 0 and 1),
    -- the label as proposed: "accepted" means the draft's label is still this one
    label            jsonb            not null,
    outcome          text check (outcome in ('accepted', 'adjusted', 'deleted')),
    -- the draft revision that set the outcome (null while there is none)
    decided_revision bigint,
    offered_at       timestamptz      not null default now(),
    -- the order proposals were offered in (one offer inserts many rows at the same offered_at)
    offer_order      bigint           generated always as identity,
    primary key (draft_id, label_id)
);
create index label_proposal_source_idx on label_proposal (organization_id, source, version);

-- Whether a project's annotators see proposals in the workspace; off for a sample labelled blind.
alter table project add column show_proposals boolean not null default true;
