-- Trigram indexes for the episodes grid's text filter, chosen with EpisodeGridBenchmark on 100,000 episodes
-- (docs/benchmarks.md). The filter is ILIKE '%text%' over name, task and source file, which no b-tree can serve:
-- without these every filtered count and every page of a rare match scanned the whole table (250-280 ms p95 at
-- 100,000 episodes; about 40-75 ms with them). pg_trgm ships with PostgreSQL (also in the embedded binaries) and is
-- a trusted extension, so the database owner may create it. Patterns under 3 characters have no trigram and still
-- scan. The robot and duration filters already have b-tree indexes from V2; putting organization_id into those
-- was tried and left the plans (bitmap heap scans) and timings unchanged, so they are left as they are.
create extension if not exists pg_trgm;
create index episode_name_trgm_idx on episode using gin (name gin_trgm_ops);
create index episode_task_trgm_idx on episode using gin (task gin_trgm_ops);
create index episode_source_file_trgm_idx on episode using gin (source_file gin_trgm_ops);
