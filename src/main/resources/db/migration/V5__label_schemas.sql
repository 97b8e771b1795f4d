-- Label schemas and their versions. A version is a complete schema document (LabelSchemaJson's format, validated
-- by dev.touchstone.labeling.LabelSchema before it is stored). Once anything uses a version (a project, a draft, a
-- label) in_use_since is set and the version never changes again: editing then makes the next version, so every
-- stored label can always be read with the definitions it was made under.
create table label_schema (
    id              uuid primary key default uuidv7(),
    organization_id uuid        not null references organization (id),
    name            text        not null check (length(trim(name)) between 1 and 200),
    created_by      uuid references app_user (id),
    created_at      timestamptz not null default now()
);
create unique index label_schema_name_key on label_schema (organization_id, lower(name));

create table label_schema_version (
    id              uuid primary key default uuidv7(),
    organization_id uuid        not null references organization (id),
    schema_id       uuid        not null references label_schema (id),
    version         integer     not null check (version >= 1),
    document        jsonb       not null check (jsonb_typeof(document) = 'object'),
    definitions     integer     not null check (definitions >= 1),
    created_by      uuid references app_user (id),
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    in_use_since    timestamptz,
    unique (schema_id, version)
);
create index label_schema_version_org_idx on label_schema_version (organization_id, schema_id);
