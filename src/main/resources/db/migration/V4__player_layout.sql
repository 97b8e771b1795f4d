-- How each member arranges the player (which views show, pane sizes). Per organization as well as per person,
-- because one account can belong to several organizations whose streams are named differently. The layout is a
-- small validated JSON document (dev.touchstone.player.PlayerLayout); the size check keeps a misbehaving client
-- from storing megabytes.
create table player_layout (
    organization_id uuid        not null references organization (id),
    user_id         uuid        not null references app_user (id),
    layout          jsonb       not null check (jsonb_typeof(layout) = 'object' and octet_length(layout::text) <= 16384),
    updated_at      timestamptz not null default now(),
    primary key (organization_id, user_id)
);
