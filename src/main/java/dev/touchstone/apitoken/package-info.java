/**
 * API tokens (issue 9, delivery; docs/release/api.md): a member's credential for scripts that read their
 * organization's releases over HTTP. A member (customer, project manager, QA lead, admin) makes tokens for
 * themselves in the organization they act in; the secret is shown once and only its SHA-256 is stored. A request
 * with {@code Authorization: Bearer ts_...} is authenticated by {@link dev.touchstone.apitoken.ApiTokenFilter} (which
 * the shell's security configuration installs) as that member in that organization, only for what the token's scope
 * allows ({@link dev.touchstone.apitoken.ApiTokenScope}). Depends on organization, audit and common; the shell depends
 * on it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "API tokens", allowedDependencies = {
        "audit", "common", "organization"})
package dev.touchstone.apitoken;
