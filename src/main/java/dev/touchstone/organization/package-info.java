/**
 * Organizations (tenants), people, their memberships and roles, and the current-organization context every other
 * feature scopes its data by. Repositories here and in every other feature filter organization-scoped rows by
 * {@link dev.touchstone.organization.CurrentOrganization#id()}, never by an id that a caller passes in.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Organizations and people", allowedDependencies = {
        "common"})
package dev.touchstone.organization;
