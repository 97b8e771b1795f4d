package dev.touchstone.organization;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/** What a member may do in one organization. Order matters: it decides which home page a member lands on. */
public enum Role {
    ADMIN("Admin"),
    PROJECT_MANAGER("Project manager"),
    QA_LEAD("QA lead"),
    ANNOTATOR("Annotator"),
    CUSTOMER("Customer");

    /** Role names as Spring Security authorities carry them (without the ROLE_ prefix), for annotations. */
    public static final String ADMIN_NAME = "ADMIN";
    public static final String PROJECT_MANAGER_NAME = "PROJECT_MANAGER";
    public static final String QA_LEAD_NAME = "QA_LEAD";
    public static final String ANNOTATOR_NAME = "ANNOTATOR";
    public static final String CUSTOMER_NAME = "CUSTOMER";

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String authority() {
        return "ROLE_" + name();
    }

    public static Set<Role> parse(String[] names) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            roles.add(Role.valueOf(name));
        }
        return roles;
    }

    public static String[] names(Collection<Role> roles) {
        return roles.stream().sorted().map(Role::name).toArray(String[]::new);
    }
}
