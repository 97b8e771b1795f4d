package dev.touchstone.audit;

import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.TouchstoneUser;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private final ObjectProvider<AuditTargetNames> namers;

    AuditService(AuditRepository repository, CurrentOrganization current, JsonMapper json,
                 ObjectProvider<AuditTargetNames> namers) {
        this.repository = repository;
        this.current = current;
        this.json = json;
        this.namers = namers;
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

    /** A page of the log, newest first, each target named by the module that owns it where it can be. */
    @PreAuthorize("hasRole('ADMIN')")
    public List<AuditEntry> page(String actionPrefix, int offset, int limit) {
        List<AuditEntry> entries = repository.page(current.id(), actionPrefix, offset, Math.min(limit, 500));
        Map<String, Set<String>> idsByType = new HashMap<>();
        for (AuditEntry e : entries) {
            if (e.targetType() != null && e.targetId() != null) {
                idsByType.computeIfAbsent(e.targetType(), t -> new HashSet<>()).add(e.targetId());
            }
        }
        Map<String, Map<String, String>> names = new HashMap<>();
        // Beans are looked up when a page is read: the modules that own targets depend on this one, not back.
        namers.orderedStream().forEach(namer -> namer.targetTypes().stream().filter(idsByType::containsKey)
                .forEach(type -> names.computeIfAbsent(type, t -> new HashMap<>())
                        .putAll(namer.names(type, Set.copyOf(idsByType.get(type))))));
        return entries.stream().map(e -> {
            String name = e.targetId() == null ? null : names.getOrDefault(e.targetType(), Map.of()).get(e.targetId());
            return name == null ? e : e.withTargetName(name);
        }).toList();
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
