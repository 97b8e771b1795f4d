package dev.touchstone.organization;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Sign-in by an identity provider the organization trusts (single sign-on, the {@code sso} module): the person is
 * matched to a member of that organization by the verified e-mail the provider vouches for; the first sign-in makes
 * the member (and the account, when the e-mail is new), later ones bring the roles in line with what the provider
 * claims. Callers must have verified the provider's token (signature, issuer, audience, {@code email_verified}) and
 * the organization's configuration first; this class checks nothing but the membership, like
 * {@link MemberPrincipals}. The principal it answers is the one password sign-in makes, so the session then works
 * exactly like a password session ({@link MemberSessionFilter} re-checks it on every request).
 */
@Component
public class ExternalSignIn {

    private static final Logger log = LoggerFactory.getLogger(ExternalSignIn.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserRepository users;
    private final MembershipRepository memberships;
    private final OrganizationRepository organizations;
    private final MemberPrincipals principals;
    private final PasswordEncoder encoder;
    private final ApplicationEventPublisher events;

    ExternalSignIn(UserRepository users, MembershipRepository memberships, OrganizationRepository organizations,
                   MemberPrincipals principals, PasswordEncoder encoder, ApplicationEventPublisher events) {
        this.users = users;
        this.memberships = memberships;
        this.organizations = organizations;
        this.principals = principals;
        this.encoder = encoder;
        this.events = events;
    }

    /** The organization a sign-in page or a provider's redirect names by its slug. */
    public Optional<Organization> organization(String slug) {
        return slug == null ? Optional.empty() : organizations.findBySlug(slug);
    }

    /**
     * The principal of the person with {@code verifiedEmail} in the organization.
     *
     * @param claimedRoles    the roles the provider's role claim maps to; empty when the token says nothing that
     *                        maps to a role (then a member keeps their roles, and a first sign-in gets
     *                        {@code firstSignInRole})
     * @param firstSignInRole the organization's default role for a first sign-in
     * @throws DisabledException when the person's membership there was deactivated: an admin's decision, which a
     *                           provider's sign-in does not undo
     */
    @Transactional
    public TouchstoneUser signIn(UUID organizationId, String verifiedEmail, String displayName,
                                 Set<Role> claimedRoles, Role firstSignInRole) {
        String email = verifiedEmail.trim();
        if (!MemberService.EMAIL.matcher(email).matches()) {
            throw new IllegalArgumentException("The identity provider sent no usable e-mail address");
        }
        Optional<UserRepository.UserRow> existing = users.findByEmail(email);
        UUID userId = existing.map(UserRepository.UserRow::id).orElseGet(() -> users.insert(email,
                displayName == null || displayName.isBlank() ? email : displayName,
                // Nobody knows this password: the account signs in through the provider until a password is set.
                encoder.encode(unguessable()), false));
        Optional<Member> member = memberships.member(organizationId, userId);
        if (member.isEmpty()) {
            Set<Role> roles = claimedRoles.isEmpty() ? EnumSet.of(firstSignInRole) : EnumSet.copyOf(claimedRoles);
            memberships.insert(organizationId, userId, roles);
            events.publishEvent(new MemberAdded(organizationId, userId, email, roles, existing.isEmpty(), userId));
        } else if (!member.get().active()) {
            throw new DisabledException("Your membership in this organization was deactivated by an admin");
        } else if (!claimedRoles.isEmpty() && !claimedRoles.equals(member.get().roles())) {
            Set<Role> roles = EnumSet.copyOf(claimedRoles);
            if (member.get().roles().contains(Role.ADMIN) && !roles.contains(Role.ADMIN)
                    && memberships.countActiveAdmins(organizationId) <= 1) {
                // The organization would be left without an admin, and nobody could fix its SSO configuration.
                log.warn("Keeping ADMIN for {}: the provider's claim drops it but they are the last active admin",
                        email);
                roles.add(Role.ADMIN);
            }
            if (!roles.equals(member.get().roles())) {
                memberships.updateRoles(organizationId, userId, roles);
                events.publishEvent(new MemberRolesChanged(organizationId, userId, member.get().roles(),
                        EnumSet.copyOf(roles), userId));
            }
        }
        users.rememberOrganization(userId, organizationId);
        return principals.activeMember(userId, organizationId)
                .orElseThrow(() -> new DisabledException("No active membership in this organization"));
    }

    private static String unguessable() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
