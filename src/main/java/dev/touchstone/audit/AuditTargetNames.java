package dev.touchstone.audit;

import java.util.Map;
import java.util.Set;

/**
 * Names audit targets for people: the module that owns a kind of target (projects, tasks, releases) implements this
 * as a bean, so that the audit log shows "Pick and place (demo) · episode 3" where it stored an id, without the
 * audit module reading other modules' tables or depending on them. Called for the signed-in admin's organization.
 */
public interface AuditTargetNames {

    /** The target types ({@link AuditEntry#targetType()}) this bean names. */
    Set<String> targetTypes();

    /**
     * Readable names of these targets of one type in the signed-in member's organization; ids it cannot resolve
     * (deleted, malformed, another organization's) are left out.
     */
    Map<String, String> names(String targetType, Set<String> ids);
}
