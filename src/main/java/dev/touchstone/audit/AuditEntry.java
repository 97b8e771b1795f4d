package dev.touchstone.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One line of the audit log as shown to admins. {@code details} is a JSON object. {@code targetName} is the
 * target's readable name when its module could resolve it ({@link AuditTargetNames}), else null.
 */
public record AuditEntry(long id, Instant occurredAt, UUID actorUserId, String actorName, String action,
                         String targetType, String targetId, String details, String clientAddress,
                         String targetName) {

    AuditEntry withTargetName(String name) {
        return new AuditEntry(id, occurredAt, actorUserId, actorName, action, targetType, targetId, details,
                clientAddress, name);
    }

    /** The target as a person reads it: its name, else the first 8 characters of its id. */
    public String targetText() {
        if (targetType == null) {
            return "";
        }
        String label = targetType.replace('_', ' ');
        if (targetName != null) {
            return label + " " + targetName;
        }
        if (targetId == null) {
            return label;
        }
        return label + " " + (targetId.length() > 8 ? targetId.substring(0, 8) + "…" : targetId);
    }
}
