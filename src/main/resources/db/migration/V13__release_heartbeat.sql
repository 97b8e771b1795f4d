-- Issue 18 item 10: a build whose server died is found within seconds instead of staying "building" for ever. The
-- server building a release stamps heartbeat_at every 2 s (the database's clock, so replicas need no synchronised
-- clocks); any replica fails a building release whose stamp is older than 10 s (docs/release/releases.md,
-- "Interrupted builds"). Null until a server starts the build: a queued release has no heartbeat.
alter table release add column heartbeat_at timestamptz;

-- The detector's scan: only building releases, which are few.
create index release_building_idx on release (heartbeat_at) where state = 'building';
