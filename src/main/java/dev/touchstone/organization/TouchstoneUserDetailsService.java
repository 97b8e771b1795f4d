package dev.touchstone.organization;

import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.UUID;

/**
 * Loads a person for sign-in, acting in the organization they used last (or the first by name). A person without
 * any active membership loads as disabled.
 */
@Service
class TouchstoneUserDetailsService implements UserDetailsService {

    private final UserRepository users;
    private final MembershipRepository memberships;

    TouchstoneUserDetailsService(UserRepository users, MembershipRepository memberships) {
        this.users = users;
        this.memberships = memberships;
    }

    @Override
    public TouchstoneUser loadUserByUsername(String email) {
        UserRepository.UserRow user = users.findByEmail(email)
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
        List<MembershipRepository.MembershipRow> active = memberships.activeMembershipsOf(user.id());
        MembershipRepository.MembershipRow chosen = active.stream()
                .filter(m -> m.organization().id().equals(user.lastOrganizationId()))
                .findFirst()
                .orElse(active.isEmpty() ? null : active.getFirst());
        return principal(user, chosen);
    }

    TouchstoneUser loadInOrganization(UUID userId, UUID organizationId) {
        UserRepository.UserRow user = users.findById(userId).orElseThrow(() -> new NotFoundInOrganizationException("User"));
        MembershipRepository.MembershipRow membership = memberships.activeMembershipsOf(userId).stream()
                .filter(m -> m.organization().id().equals(organizationId))
                .findFirst()
                .orElseThrow(() -> new NotFoundInOrganizationException("Organization"));
        return principal(user, membership);
    }

    private static TouchstoneUser principal(UserRepository.UserRow user, MembershipRepository.MembershipRow membership) {
        return new TouchstoneUser(user.id(), user.email(), user.displayName(), user.passwordHash(),
                membership == null ? null : membership.organization(),
                membership == null ? java.util.Set.of() : membership.roles(),
                user.mustChangePassword(), user.passwordChangedAt());
    }
}
