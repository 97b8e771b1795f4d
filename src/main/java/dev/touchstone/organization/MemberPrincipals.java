package dev.touchstone.organization;

import org.springframework.stereotype.Component;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The principal of a person acting in one organization, built from the database's current state exactly as sign-in
 * builds it (that membership's roles as authorities, without the password hash), and only while the membership is
 * active. API tokens use it on every request, and so does {@link MemberSessionFilter} for signed-in sessions, so a
 * deactivation, a role change or a new password reaches every credential at its next request.
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
                        user.mustChangePassword(), user.passwordChangedAt())))
                .filter(TouchstoneUser::isEnabled);
    }

    /**
     * What a signed-in session's principal is now: the same person in the same organization with the membership's
     * current roles and one-time-password state. Empty when the session must end: the membership is inactive or
     * gone, or the password was changed after this principal was signed in (the session that changed it carries
     * the new version, see {@link AccountService#changePassword}).
     */
    public Optional<TouchstoneUser> current(TouchstoneUser signedIn) {
        if (signedIn.organization() == null) {
            return Optional.empty();
        }
        return activeMember(signedIn.userId(), signedIn.organization().id())
                .filter(now -> Objects.equals(now.passwordChangedAt(), signedIn.passwordChangedAt()))
                // A single sign-on session stays confined to its organization when its principal is replaced.
                .map(now -> signedIn.confinedTo().map(now::signedInThrough).orElse(now));
    }
}
