-- Single sign-on (issue 21): one OpenID Connect provider per organization (docs/security.md, "Single sign-on").
-- The organization's slug is the registration id: /oauth2/authorization/<slug> starts the sign-in and
-- /login/oauth2/code/<slug> is the redirect URI the provider is told about.

create table sso_configuration (
    organization_id uuid primary key references organization (id),
    -- Shown on the sign-in button: "Sign in with <provider_name>".
    provider_name   text        not null check (length(trim(provider_name)) between 1 and 60),
    -- The OpenID Provider's issuer identifier; its /.well-known/openid-configuration is read from here, and every
    -- ID token must carry exactly this "iss".
    issuer_uri      text        not null check (issuer_uri ~ '^https?://[^\s]+$'),
    client_id       text        not null check (length(trim(client_id)) between 1 and 255),
    -- Write-only: the admin page never shows it again (it shows only whether one is set).
    client_secret   text        not null check (length(client_secret) between 1 and 512),
    -- The claim that carries the person's groups or roles (a string or a list of strings); null: roles are never
    -- taken from the token, only assigned on first sign-in.
    role_claim      text        check (role_claim is null or length(trim(role_claim)) between 1 and 100),
    -- Claim value -> role name, e.g. {"labelers": "ANNOTATOR", "data-admins": "ADMIN"}.
    role_mapping    jsonb       not null default '{}'::jsonb check (jsonb_typeof(role_mapping) = 'object'),
    -- The role of a person's first sign-in when the claim maps to no role.
    default_role    text        not null
        check (default_role in ('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD', 'ANNOTATOR', 'CUSTOMER')),
    enabled         boolean     not null default true,
    updated_at      timestamptz not null default now(),
    updated_by      uuid references app_user (id)
);
