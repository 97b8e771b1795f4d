-- Tenants, people and their roles, login throttling, and the audit log.
-- Every organization-scoped table carries organization_id; repositories filter on it (see docs/architecture.md).

create table organization (
    id         uuid primary key default uuidv7(),
    slug       text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name       text not null check (length(trim(name)) > 0),
    created_at timestamptz not null default now()
);

-- A person is global (one login, possibly in several organizations); what they may do lives in membership.
create table app_user (
    id                   uuid primary key default uuidv7(),
    email                text not null check (email ~ '^[^@\s]+@[^@\s]+$'),
    display_name         text not null check (length(trim(display_name)) > 0),
    password_hash        text not null,
    must_change_password boolean not null default false,
    last_organization_id uuid references organization (id),
    created_at           timestamptz not null default now(),
    password_changed_at  timestamptz not null default now()
);
create unique index app_user_email_key on app_user (lower(email));

create table membership (
    organization_id uuid not null references organization (id),
    user_id         uuid not null references app_user (id),
    roles           text[] not null
        check (cardinality(roles) > 0
            and roles <@ array ['ADMIN', 'PROJECT_MANAGER', 'QA_LEAD', 'ANNOTATOR', 'CUSTOMER']::text[]),
    active          boolean not null default true,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    primary key (organization_id, user_id)
);
create index membership_user_idx on membership (user_id);

-- Failed logins are counted in the database so that every replica throttles the same way.
create table login_throttle (
    throttle_key  text primary key,
    failures      integer not null,
    window_start  timestamptz not null,
    locked_until  timestamptz
);

create table audit_event (
    id              bigint generated always as identity primary key,
    occurred_at     timestamptz not null default now(),
    organization_id uuid references organization (id),
    actor_user_id   uuid references app_user (id),
    actor_name      text,
    action          text not null,
    target_type     text,
    target_id       text,
    details         jsonb not null default '{}'::jsonb,
    client_address  text
);
create index audit_event_org_time_idx on audit_event (organization_id, occurred_at desc, id desc);

-- The audit log is evidence: once written, rows never change or disappear through the application.
create function audit_event_append_only() returns trigger
    language plpgsql as
$$
begin
    raise exception 'audit_event is append-only (% refused)', tg_op;
end
$$;
create trigger audit_event_no_rewrite
    before update or delete on audit_event
    for each row execute function audit_event_append_only();
