package dev.touchstone.audit;

import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.TouchstoneUser;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
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

    /**
     * Like {@link #record}, but the line is written just before the surrounding transaction commits, in one insert
     * with the transaction's other deferred lines (the work queue's claims and submits, docs/workflow/queue.md): it
     * still commits or rolls back with the action, and saves a statement per line after the first. Written at once
     * when no transaction is active. Nothing in the same transaction can read the line back before the commit.
     */
    public void recordAtCommit(String action, String targetType, String targetId, Map<String, ?> details) {
        TouchstoneUser me = current.requireUser();
        defer(row(me.organization().id(), me.userId(), me.email(), action, targetType, targetId, details));
    }

    /** {@link #recordSystem}, written at commit like {@link #recordAtCommit}. */
    public void recordSystemAtCommit(UUID organizationId, String action, String targetType, String targetId,
                                     Map<String, ?> details) {
        defer(row(organizationId, null, "system", action, targetType, targetId, details));
    }

    private Map.Entry<UUID, AuditRepository.Row> row(UUID organizationId, UUID actorUserId, String actorName,
                                                     String action, String targetType, String targetId,
                                                     Map<String, ?> details) {
        return Map.entry(organizationId, new AuditRepository.Row(actorUserId, actorName, action, targetType, targetId,
                json.writeValueAsString(details == null ? Map.of() : details), currentRequestAddress()));
    }

    private void defer(Map.Entry<UUID, AuditRepository.Row> row) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            repository.insertAll(row.getKey(), List.of(row.getValue()));
            return;
        }
        // Found among the current transaction's synchronizations, so a suspended outer transaction keeps its own.
        Deferred deferred = TransactionSynchronizationManager.getSynchronizations().stream()
                .filter(Deferred.class::isInstance).map(Deferred.class::cast).findFirst().orElse(null);
        if (deferred == null) {
            deferred = new Deferred();
            TransactionSynchronizationManager.registerSynchronization(deferred);
        }
        deferred.rows.computeIfAbsent(row.getKey(), k -> new ArrayList<>()).add(row.getValue());
    }

    /**
     * The lines a transaction deferred, by organization (nearly always one); written in one insert per organization
     * before it commits, dropped when it rolls back.
     */
    private final class Deferred implements TransactionSynchronization {
        final Map<UUID, List<AuditRepository.Row>> rows = new java.util.LinkedHashMap<>();

        @Override
        public void beforeCommit(boolean readOnly) {
            rows.forEach(repository::insertAll);
            rows.clear();
        }
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
