-- API tokens (issue 9, delivery): a member's credential for scripts that read releases over HTTP
-- (docs/release/api.md). A token belongs to one person AND one organization (the membership it was made in) and acts
-- there only. The secret ("ts_" + 32 random bytes, base64url) is shown once when the token is made; only its
-- SHA-256 is stored, and requests find their token by that hash.

create table api_token (
    id              uuid primary key default uuidv7(),
    organization_id uuid        not null,
    user_id         uuid        not null,
    name            text        not null check (length(trim(name)) between 1 and 100),
    -- SHA-256 of the whole secret (32 bytes); unique, so a request's hash finds at most one token.
    secret_hash     bytea       not null unique check (length(secret_hash) = 32),
    -- The secret's first characters ("ts_" and 8 more), so a person can tell their tokens apart; never enough to use.
    prefix          text        not null check (length(prefix) between 4 and 12),
    -- What the token may do. releases:read (list, read, progress, report and files of releases) is the only scope.
    scopes          text[]      not null
        check (cardinality(scopes) >= 1 and scopes <@ array ['releases:read']::text[]),
    created_at      timestamptz not null default now(),
    -- Every token expires: 1 to 365 days after it was made.
    expires_at      timestamptz not null
        check (expires_at > created_at and expires_at <= created_at + interval '366 days'),
    -- Updated at most once a minute by the requests that use the token.
    last_used_at    timestamptz,
    revoked_at      timestamptz,
    revoked_by      uuid references app_user (id),
    -- A token exists only inside a membership; a deactivated membership stops it at once (checked on each request).
    foreign key (organization_id, user_id) references membership (organization_id, user_id)
);
create index api_token_member_idx on api_token (organization_id, user_id, created_at desc);

-- A token's identity never changes and a revocation is final; only last_used_at moves.
create function api_token_guard() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'api_token rows are kept for the audit trail; revoke instead of deleting';
    end if;
    if new.id <> old.id or new.organization_id <> old.organization_id or new.user_id <> old.user_id
        or new.name <> old.name or new.secret_hash <> old.secret_hash or new.prefix <> old.prefix
        or new.scopes <> old.scopes or new.created_at <> old.created_at or new.expires_at <> old.expires_at then
        raise exception 'An API token cannot change; make a new one';
    end if;
    if old.revoked_at is not null and (new.revoked_at is distinct from old.revoked_at
        or new.revoked_by is distinct from old.revoked_by) then
        raise exception 'A revoked API token stays revoked';
    end if;
    return new;
end
$$;
create trigger api_token_guard
    before update or delete on api_token
    for each row execute function api_token_guard();
