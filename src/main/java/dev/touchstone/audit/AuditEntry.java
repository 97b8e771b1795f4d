package dev.touchstone.audit;

import java.time.Instant;
import java.util.UUID;

/** One line of the audit log as shown to admins. {@code details} is a JSON object. */
public record AuditEntry(long id, Instant occurredAt, UUID actorUserId, String actorName, String action,
                         String targetType, String targetId, String details, String clientAddress) {
}
