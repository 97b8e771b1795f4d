package dev.touchstone.organization;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Admins manage the members of their own organization: add, change roles, deactivate, reinstate. */
@Service
@PreAuthorize("hasRole('ADMIN')")
public class MemberService {

    /** What {@link #add} accepts as an e-mail address; the add-member form checks with the same pattern. */
    public static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final CurrentOrganization current;
    private final MembershipRepository memberships;
    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final ApplicationEventPublisher events;

    MemberService(CurrentOrganization current, MembershipRepository memberships, UserRepository users,
                  PasswordEncoder encoder, ApplicationEventPublisher events) {
        this.current = current;
        this.memberships = memberships;
        this.users = users;
        this.encoder = encoder;
        this.events = events;
    }

    public List<Member> members() {
        return memberships.members(current.id());
    }

    /**
     * The organization's active annotators, for project managers naming who may work on a project (the rest of
     * the member list stays with admins).
     */
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER')")
    public List<Member> annotators() {
        return memberships.members(current.id()).stream()
                .filter(m -> m.active() && m.roles().contains(Role.ANNOTATOR))
                .toList();
    }

    public Optional<Member> member(UUID userId) {
        return memberships.member(current.id(), userId);
    }

    /**
     * Adds a person: a new account with a one-time password, or an existing account (same e-mail) joining this
     * organization with its own password.
     *
     * @throws IllegalArgumentException for invalid input or a person who is already a member
     */
    @Transactional
    public MemberAddition add(NewMember request) {
        UUID organizationId = current.id();
        String email = request.email() == null ? "" : request.email().trim();
        String name = request.displayName() == null ? "" : request.displayName().trim();
        if (!EMAIL.matcher(email).matches()) {
            throw new IllegalArgumentException("Enter a valid e-mail address.");
        }
        requireRoles(request.roles());
        Optional<UserRepository.UserRow> existing = users.findByEmail(email);
        Optional<String> oneTimePassword = Optional.empty();
        UUID userId;
        if (existing.isPresent()) {
            userId = existing.get().id();
            if (memberships.member(organizationId, userId).isPresent()) {
                throw new IllegalArgumentException(email + " is already a member of this organization.");
            }
        } else {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("Enter the person's name.");
            }
            String password = PasswordPolicy.oneTimePassword();
            userId = users.insert(email, name, encoder.encode(password), true);
            oneTimePassword = Optional.of(password);
        }
        memberships.insert(organizationId, userId, request.roles());
        events.publishEvent(new MemberAdded(organizationId, userId, email, EnumSet.copyOf(request.roles()),
                existing.isEmpty(), current.requireUser().userId()));
        return new MemberAddition(memberships.member(organizationId, userId).orElseThrow(), oneTimePassword);
    }

    @Transactional
    public Member changeRoles(UUID userId, Set<Role> roles) {
        requireRoles(roles);
        UUID organizationId = current.id();
        Member before = memberships.member(organizationId, userId)
                .orElseThrow(() -> new NotFoundInOrganizationException("Member"));
        if (before.roles().equals(roles)) {
            return before;
        }
        if (before.active() && before.roles().contains(Role.ADMIN) && !roles.contains(Role.ADMIN)) {
            requireAnotherActiveAdmin(organizationId);
        }
        memberships.updateRoles(organizationId, userId, roles);
        events.publishEvent(new MemberRolesChanged(organizationId, userId, before.roles(), EnumSet.copyOf(roles),
                current.requireUser().userId()));
        return memberships.member(organizationId, userId).orElseThrow();
    }

    /** Deactivated members can no longer sign in to this organization; their work and history stay. */
    @Transactional
    public Member setActive(UUID userId, boolean active) {
        UUID organizationId = current.id();
        Member before = memberships.member(organizationId, userId)
                .orElseThrow(() -> new NotFoundInOrganizationException("Member"));
        if (before.active() == active) {
            return before;
        }
        if (!active && before.roles().contains(Role.ADMIN)) {
            requireAnotherActiveAdmin(organizationId);
        }
        memberships.setActive(organizationId, userId, active);
        events.publishEvent(new MemberActivationChanged(organizationId, userId, active,
                current.requireUser().userId()));
        return memberships.member(organizationId, userId).orElseThrow();
    }

    private void requireAnotherActiveAdmin(UUID organizationId) {
        if (memberships.countActiveAdmins(organizationId) <= 1) {
            throw new MembershipRuleException("The organization needs at least one active admin.");
        }
    }

    private static void requireRoles(Set<Role> roles) {
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("Choose at least one role.");
        }
    }
}
