package dev.touchstone.organization;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Creates organizations and their first people outside of any session: used at start-up by the demo seeder and by
 * an operator's first-run setup. Not reachable from any view or endpoint.
 */
@Service
public class OrganizationProvisioning {

    private final OrganizationRepository organizations;
    private final UserRepository users;
    private final MembershipRepository memberships;
    private final PasswordEncoder encoder;

    OrganizationProvisioning(OrganizationRepository organizations, UserRepository users,
                             MembershipRepository memberships, PasswordEncoder encoder) {
        this.organizations = organizations;
        this.users = users;
        this.memberships = memberships;
        this.encoder = encoder;
    }

    public boolean anyOrganization() {
        return organizations.any();
    }

    public Optional<Organization> organization(String slug) {
        return organizations.findBySlug(slug);
    }

    /** The account with this e-mail and the organizations it belongs to (active or not), for audit records. */
    public Optional<AccountOrganizations> accountOrganizations(String email) {
        return users.findByEmail(email).map(user -> new AccountOrganizations(user.id(),
                memberships.organizationIdsOf(user.id())));
    }

    public record AccountOrganizations(UUID userId, java.util.List<UUID> organizationIds) {
    }

    @Transactional
    public Organization createOrganization(String slug, String name) {
        UUID id = organizations.insert(slug, name);
        return new Organization(id, slug, name);
    }

    /** Adds a person with a known password (creating the account if the e-mail is new); returns the user id. */
    @Transactional
    public UUID addMember(Organization organization, String email, String displayName, String password,
                          Set<Role> roles) {
        UUID userId = users.findByEmail(email)
                .map(UserRepository.UserRow::id)
                .orElseGet(() -> users.insert(email, displayName, encoder.encode(password), false));
        memberships.insert(organization.id(), userId, roles);
        return userId;
    }
}
