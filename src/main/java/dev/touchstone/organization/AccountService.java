package dev.touchstone.organization;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What every signed-in person may do with their own account. */
@Service
@PreAuthorize("isAuthenticated()")
public class AccountService {

    private final CurrentOrganization current;
    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final ApplicationEventPublisher events;
    private final MemberPrincipals principals;
    private final SessionPrincipal sessionPrincipal;

    AccountService(CurrentOrganization current, UserRepository users, PasswordEncoder encoder,
                   ApplicationEventPublisher events, MemberPrincipals principals, SessionPrincipal sessionPrincipal) {
        this.current = current;
        this.principals = principals;
        this.sessionPrincipal = sessionPrincipal;
        this.users = users;
        this.encoder = encoder;
        this.events = events;
    }

    /**
     * Changes the signed-in person's password after checking the current one. Every other session of the person
     * ends at its next request ({@link MemberSessionFilter} compares the password's version); this one carries on
     * with a principal of the new version, no longer under a one-time password, which this method installs.
     *
     * @throws IllegalArgumentException with a message for the person when the current password is wrong or the
     *                                  new one breaks the {@link PasswordPolicy}
     */
    @Transactional
    public TouchstoneUser changePassword(String currentPassword, String newPassword) {
        TouchstoneUser me = current.requireUser();
        UserRepository.UserRow row = users.findById(me.userId()).orElseThrow(() -> new NotFoundInOrganizationException("User"));
        if (currentPassword == null || !encoder.matches(currentPassword, row.passwordHash())) {
            throw new IllegalArgumentException("The current password is not correct.");
        }
        PasswordPolicy.problem(newPassword, row.email()).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        if (encoder.matches(newPassword, row.passwordHash())) {
            throw new IllegalArgumentException("The new password must differ from the current one.");
        }
        users.updatePassword(me.userId(), encoder.encode(newPassword));
        events.publishEvent(new PasswordChanged(me.organization().id(), me.userId()));
        TouchstoneUser updated = principals.activeMember(me.userId(), me.organization().id())
                .orElseThrow(() -> new NotFoundInOrganizationException("Membership"));
        sessionPrincipal.replace(updated);
        return updated;
    }
}
