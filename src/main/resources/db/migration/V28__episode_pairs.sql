-- Episode pairs (issue 22, docs/curation.md "Pairs"): two episodes of one dataset reviewed together, e.g. a simulated
-- episode and its real twin. Made by hand, by a shared metadata key, or over the API.

create table episode_pair (
    id                uuid primary key default uuidv7(),
    organization_id   uuid        not null references organization (id),
    dataset_id        uuid        not null references dataset (id),
    -- sim-real: first is the simulated episode, second the real one; rollout-demo: first the policy rollout, second
    -- the demonstration; takes: two takes of one task, in name order.
    kind              text        not null check (kind in ('sim-real', 'rollout-demo', 'takes')),
    -- An episode that goes takes its pairs with it.
    first_episode_id  uuid        not null references episode (id) on delete cascade,
    second_episode_id uuid        not null references episode (id) on delete cascade,
    -- The metadata value both episodes share when paired by key (e.g. their pair_key), null when paired by hand.
    pair_key          text check (length(pair_key) <= 2000),
    -- What the paired player adds to the second episode's clock to line it up with the first.
    offset_ns         bigint      not null default 0,
    created_by        uuid references app_user (id),
    created_at        timestamptz not null default now(),
    check (first_episode_id <> second_episode_id)
);
-- One pair per two episodes, whichever is first and whatever the kind: a second one would only contradict it.
create unique index episode_pair_episodes_key on episode_pair (organization_id,
    least(first_episode_id, second_episode_id), greatest(first_episode_id, second_episode_id));
create index episode_pair_dataset_idx on episode_pair (organization_id, dataset_id, created_at, id);
create index episode_pair_first_idx on episode_pair (first_episode_id);
create index episode_pair_second_idx on episode_pair (second_episode_id);
