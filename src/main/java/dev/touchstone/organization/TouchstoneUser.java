package dev.touchstone.organization;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * The signed-in person acting in one organization (the active one). Authorities are the roles of that membership
 * only, so switching organization means a new principal. {@link #passwordChangedAt()} is the credential version the
 * session was signed in with: a session whose principal carries an older one ends (see {@link MemberSessionFilter}).
 */
public final class TouchstoneUser implements UserDetails, CredentialsContainer, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final UUID userId;
    private final String email;
    private final String displayName;
    private String passwordHash;
    private final Organization organization;
    private final EnumSet<Role> roles;
    private final boolean mustChangePassword;
    private final Instant passwordChangedAt;
    private final UUID singleSignOnOrganizationId;

    public TouchstoneUser(UUID userId, String email, String displayName, String passwordHash,
                          Organization organization, Set<Role> roles, boolean mustChangePassword,
                          Instant passwordChangedAt) {
        this(userId, email, displayName, passwordHash, organization, roles, mustChangePassword, passwordChangedAt,
                null);
    }

    /**
     * @param singleSignOnOrganizationId the organization whose identity provider signed this person in, or null
     *                                   for a password (or API token) credential; see {@link #confinedTo()}
     */
    public TouchstoneUser(UUID userId, String email, String displayName, String passwordHash,
                          Organization organization, Set<Role> roles, boolean mustChangePassword,
                          Instant passwordChangedAt, UUID singleSignOnOrganizationId) {
        this.singleSignOnOrganizationId = singleSignOnOrganizationId;
        this.userId = userId;
        this.email = email;
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.organization = organization;
        this.roles = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
        this.mustChangePassword = mustChangePassword;
        this.passwordChangedAt = passwordChangedAt;
    }

    public UUID userId() {
        return userId;
    }

    public String email() {
        return email;
    }

    public String displayName() {
        return displayName;
    }

    /** The active organization; null only for a person without any active membership (who cannot sign in). */
    public Organization organization() {
        return organization;
    }

    public Set<Role> roles() {
        return EnumSet.copyOf(roles);
    }

    /** Whether one of this member's roles has the ability (Ability is the one list of who may do what). */
    public boolean may(Ability ability) {
        return ability.allows(roles);
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    public boolean mustChangePassword() {
        return mustChangePassword;
    }

    /** When the password this principal was signed in with was set (as stored, so it compares exactly). */
    public Instant passwordChangedAt() {
        return passwordChangedAt;
    }

    /**
     * The organization this session may act in alone, when an organization's identity provider signed the person
     * in (single sign-on): that provider vouches for the person in its own organization only, so the session never
     * switches to another of the account's organizations (another organization's provider could otherwise assert
     * anyone's e-mail and reach their other memberships). Empty for a password sign-in.
     */
    public java.util.Optional<UUID> confinedTo() {
        return java.util.Optional.ofNullable(singleSignOnOrganizationId);
    }

    /** The same principal, confined to the organization whose identity provider signed the person in. */
    public TouchstoneUser signedInThrough(UUID organizationId) {
        return new TouchstoneUser(userId, email, displayName, passwordHash, organization, roles, mustChangePassword,
                passwordChangedAt, organizationId);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return roles.stream().map(role -> new SimpleGrantedAuthority(role.authority())).toList();
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    @Override
    public boolean isEnabled() {
        return organization != null && !roles.isEmpty();
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TouchstoneUser that && userId.equals(that.userId);
    }

    @Override
    public int hashCode() {
        return userId.hashCode();
    }

    @Override
    public String toString() {
        return "TouchstoneUser[" + email + " in " + (organization == null ? "-" : organization.slug()) + " " + roles
                + (singleSignOnOrganizationId == null ? "" : " via SSO") + "]";
    }
}
