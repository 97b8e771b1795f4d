/**
 * Single sign-on with OpenID Connect (issue 21; docs/security.md, "Single sign-on"): each organization may name one
 * identity provider (issuer, client id and secret, the claim its roles come from, the role of a first sign-in),
 * which admins edit on the SSO page. Sign-in goes through Spring Security's OAuth2 client: registrations are read
 * per organization from the database ({@link dev.touchstone.sso.SingleSignOn}, which the shell's security
 * configuration installs), the provider's metadata by discovery from the issuer. A verified e-mail is matched to a
 * member of that organization by {@link dev.touchstone.organization.ExternalSignIn}, and the session then is the
 * same as a password session. The client secret is encrypted at rest ({@code SsoSecrets}); every call to the
 * provider has timeouts and the address check of {@link dev.touchstone.common.NetworkAddresses}
 * ({@code SsoProviderCalls}). Depends on organization and common; the shell depends on it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Single sign-on", allowedDependencies = {
        "common", "organization"})
package dev.touchstone.sso;
