package dev.touchstone.audit;

import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.TouchstoneUser;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes and reads the audit log. Writing joins the caller's transaction, so an action and its audit line commit
 * or roll back together.
 */
@Service
public class AuditService {

    private final AuditRepository repository;
    private final CurrentOrganization current;
    private final JsonMapper json;

    AuditService(AuditRepository repository, CurrentOrganization current, JsonMapper json) {
        this.repository = repository;
        this.current = current;
        this.json = json;
    }

    /** Records an action of the signed-in member in their current organization (for features: label edits, downloads). */
    public void record(String action, String targetType, String targetId, Map<String, ?> details) {
        TouchstoneUser me = current.requireUser();
        write(me.organization().id(), me.userId(), me.email(), action, targetType, targetId, details, null);
    }

    /**
     * Records an action the system took on its own in an organization (a scheduled job such as the lease expiry of
     * the work queue), with no signed-in member.
     */
    public void recordSystem(UUID organizationId, String action, String targetType, String targetId,
                             Map<String, ?> details) {
        write(organizationId, null, "system", action, targetType, targetId, details, null);
    }

    /** Records an event that happens outside a member's session (sign-in attempts, system actions). */
    void write(UUID organizationId, UUID actorUserId, String actorName, String action, String targetType,
               String targetId, Map<String, ?> details, String clientAddress) {
        String actor = actorName != null ? actorName : current.user().map(TouchstoneUser::email).orElse(null);
        repository.insert(organizationId, actorUserId, actor, action, targetType, targetId,
                json.writeValueAsString(details == null ? Map.of() : details),
                clientAddress != null ? clientAddress : currentRequestAddress());
    }

    @PreAuthorize("hasRole('ADMIN')")
    public List<AuditEntry> page(String actionPrefix, int offset, int limit) {
        return repository.page(current.id(), actionPrefix, offset, Math.min(limit, 500));
    }

    @PreAuthorize("hasRole('ADMIN')")
    public int count(String actionPrefix) {
        return repository.count(current.id(), actionPrefix);
    }

    private static String currentRequestAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return attributes.getRequest().getRemoteAddr();
        }
        return null;
    }
}
