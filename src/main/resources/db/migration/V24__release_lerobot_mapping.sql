-- Issue 21 item 6: a release chooses which streams and channels make up LeRobot's observation.state and action
-- (release.LeRobotMapping as JSON: {"state": [{"stream", "channels"}], "action": [...]}); null: the defaults derived
-- from the first episode's streams (docs/release/formats.md). Fixed when the release is made, as its other settings.
alter table release add column lerobot_mapping jsonb;
