package dev.touchstone.organization;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may do what: each ability is the set of roles that has it. This is the one place that says so. Services
 * declare an ability in {@code @PreAuthorize} through its {@link Expressions} constant (annotations need a
 * compile-time constant); views ask {@link TouchstoneUser#may(Ability)} before they offer the action. AbilityTest
 * checks that each constant spells its ability's roles and that each view's check names the ability of the
 * service method behind it (docs/architecture.md, "Who may do what").
 */
public enum Ability {

    /** Create and change datasets, imports, label schemas, projects and releases. */
    MANAGE(Role.ADMIN, Role.PROJECT_MANAGER),
    /** Review tasks and make gold answers (ReviewService). */
    REVIEW(Role.ADMIN, Role.QA_LEAD),
    /** Import from a path on the server or a storage prefix: reads what the server can reach, not an upload. */
    IMPORT_FROM_SERVER(Role.ADMIN),
    /** Register the organization's webhooks, see their deliveries and replay them: they carry its data out. */
    WEBHOOKS(Role.ADMIN),
    /** See and revoke every member's API tokens in the organization, e.g. when a script's token leaks. */
    API_TOKENS(Role.ADMIN);

    /** The abilities as Spring Security expressions, for {@code @PreAuthorize}. */
    public static final class Expressions {

        public static final String MANAGE = "hasAnyRole('" + Role.ADMIN_NAME + "', '" + Role.PROJECT_MANAGER_NAME
                + "')";
        public static final String REVIEW = "hasAnyRole('" + Role.ADMIN_NAME + "', '" + Role.QA_LEAD_NAME + "')";
        public static final String IMPORT_FROM_SERVER = "hasRole('" + Role.ADMIN_NAME + "')";
        public static final String WEBHOOKS = "hasRole('" + Role.ADMIN_NAME + "')";
        public static final String API_TOKENS = "hasRole('" + Role.ADMIN_NAME + "')";

        private Expressions() {
        }
    }

    private final Set<Role> roles;

    Ability(Role first, Role... rest) {
        this.roles = EnumSet.of(first, rest);
    }

    public Set<Role> roles() {
        return EnumSet.copyOf(roles);
    }

    public boolean allows(Collection<Role> held) {
        return held.stream().anyMatch(roles::contains);
    }

    /** The expression {@code @PreAuthorize} must carry for this ability, e.g. {@code hasAnyRole('ADMIN', 'QA_LEAD')}. */
    public String expression() {
        if (roles.size() == 1) {
            return "hasRole('" + roles.iterator().next().name() + "')";
        }
        return roles.stream().map(r -> "'" + r.name() + "'").collect(Collectors.joining(", ", "hasAnyRole(", ")"));
    }
}
