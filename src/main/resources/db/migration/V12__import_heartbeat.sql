-- Imports that survive a kill -9 honestly (issue 18, items 9 and 10).
--
-- heartbeat_at: the process running a job writes it every 2 s while the job is RUNNING. A RUNNING job whose
-- heartbeat is older than 10 s has no live runner (its JVM died); any replica's detector then marks it FAILED with
-- the number of episodes kept. A job that started before this column existed has none and counts as stale.
alter table import_job add column heartbeat_at timestamptz;

-- Episodes found at the source that were already in the dataset from an earlier import and were not imported again.
alter table import_job add column episodes_skipped integer not null default 0;

-- false: import every episode found even when the dataset already has it ("import again anyway").
alter table import_job add column skip_imported boolean not null default true;

create index import_job_running_idx on import_job (heartbeat_at) where state = 'RUNNING';

-- Which recording an episode was imported from, independent of how it reached the server (an upload, a server path,
-- a storage prefix): the format and a content fingerprint (docs/storage.md, "Importing the same source again").
-- A re-import of the same source into the same dataset skips episodes whose key is already there. Null for episodes
-- imported before this column existed and for generated episodes.
alter table episode add column source_key text;
create index episode_dataset_source_key_idx on episode (dataset_id, source_key) where source_key is not null;
