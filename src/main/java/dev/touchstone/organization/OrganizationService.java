package dev.touchstone.organization;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.UUID;

/** The signed-in person's organizations: which one is active, which others they may switch to. */
@Service
@PreAuthorize("isAuthenticated()")
public class OrganizationService {

    private final CurrentOrganization current;
    private final MembershipRepository memberships;
    private final UserRepository users;
    private final TouchstoneUserDetailsService userDetails;
    private final ApplicationEventPublisher events;

    OrganizationService(CurrentOrganization current, MembershipRepository memberships, UserRepository users,
                        TouchstoneUserDetailsService userDetails, ApplicationEventPublisher events) {
        this.current = current;
        this.memberships = memberships;
        this.users = users;
        this.userDetails = userDetails;
        this.events = events;
    }

    public Organization current() {
        return current.requireUser().organization();
    }

    /** Organizations where the signed-in person holds an active membership, by name. */
    public List<Organization> mine() {
        TouchstoneUser me = current.requireUser();
        return memberships.activeMembershipsOf(me.userId()).stream()
                .map(MembershipRepository.MembershipRow::organization)
                // A single sign-on session acts only where its provider vouched for the person.
                .filter(organization -> me.confinedTo().map(organization.id()::equals).orElse(true))
                .toList();
    }

    /**
     * The principal for acting in another of one's organizations; the caller installs it in the security context.
     * Fails with {@link NotFoundInOrganizationException} for an organization the person is not an active member of.
     */
    @Transactional
    public TouchstoneUser switchTo(UUID organizationId) {
        TouchstoneUser me = current.requireUser();
        if (me.confinedTo().filter(confined -> !confined.equals(organizationId)).isPresent()) {
            // Another organization's identity provider cannot vouch for this one (TouchstoneUser#confinedTo).
            throw new NotFoundInOrganizationException("Organization");
        }
        TouchstoneUser switched = userDetails.loadInOrganization(me.userId(), organizationId);
        switched.eraseCredentials();
        users.rememberOrganization(me.userId(), organizationId);
        events.publishEvent(new OrganizationSwitched(me.userId(), me.organization().id(), organizationId));
        return switched;
    }

    /** Whether the signed-in person still holds an active membership in the active organization. */
    public boolean stillMember() {
        TouchstoneUser me = current.requireUser();
        return memberships.activeMembershipsOf(me.userId()).stream()
                .anyMatch(m -> m.organization().id().equals(me.organization().id()));
    }
}
