package dev.touchstone.organization;

import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/**
 * The principal of a person acting in one organization, for credentials other than the password form (API tokens):
 * built exactly as sign-in builds it (that membership's roles as authorities), without the password hash, and only
 * while the membership is active, so a deactivated member's other credentials stop working at their next request.
 * Callers must have verified the credential first; this class checks nothing but the membership.
 */
@Component
public class MemberPrincipals {

    private final UserRepository users;
    private final MembershipRepository memberships;

    MemberPrincipals(UserRepository users, MembershipRepository memberships) {
        this.users = users;
        this.memberships = memberships;
    }

    /** Empty when the person does not exist or holds no active membership in the organization. */
    public Optional<TouchstoneUser> activeMember(UUID userId, UUID organizationId) {
        return memberships.activeMembershipsOf(userId).stream()
                .filter(m -> m.organization().id().equals(organizationId))
                .findFirst()
                .flatMap(membership -> users.findById(userId).map(user -> new TouchstoneUser(user.id(), user.email(),
                        user.displayName(), null, membership.organization(), membership.roles(),
                        user.mustChangePassword())))
                .filter(TouchstoneUser::isEnabled);
    }
}
