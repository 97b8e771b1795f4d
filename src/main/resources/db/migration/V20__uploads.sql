-- Issue 21: resumable uploads over the tus 1.0.0 protocol (docs/ingest/uploads.md). A row per upload of an
-- organization; its bytes are a file in the data directory (never in the database), appended PATCH by PATCH.
-- received is what the file durably holds (fsynced before it is written here), so a dropped connection resumes at
-- it. An upload nobody touches until expires_at is swept with its file; once imported, the file has moved to the
-- import's storage and import_job_id names the job.
create table upload (
    id              uuid primary key default uuidv7(),
    organization_id uuid not null references organization (id),
    created_by      uuid not null references app_user (id),
    file_name       text not null check (length(file_name) between 1 and 255),
    length          bigint not null check (length >= 0),
    received        bigint not null default 0,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    expires_at      timestamptz not null,
    import_job_id   uuid references import_job (id) on delete set null,
    check (received between 0 and length)
);
create index upload_org_created_idx on upload (organization_id, created_at desc, id desc);
create index upload_expires_idx on upload (expires_at);
