package dev.touchstone.workflow;

import dev.touchstone.audit.AuditService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;

/**
 * Expires live assignments whose lease ran out, so their tasks go back to the queue (never to the same
 * annotator); the expired rows and their drafts stay. Runs on every replica every
 * {@code touchstone.workflow.expiry-interval} (default 10 s): the sweep takes its rows with SKIP LOCKED, so replicas
 * running it at once share the work instead of repeating it.
 */
@Component
public class LeaseExpiry {

    static final int BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(LeaseExpiry.class);

    private final WorkflowRepository repository;
    private final AuditService audit;
    private final TransactionTemplate transactions;

    LeaseExpiry(WorkflowRepository repository, AuditService audit, TransactionTemplate transactions) {
        this.repository = repository;
        this.audit = audit;
        this.transactions = transactions;
    }

    @Scheduled(fixedDelayString = "${touchstone.workflow.expiry-interval:10s}",
            initialDelayString = "${touchstone.workflow.expiry-interval:10s}")
    void scheduled() {
        try {
            int expired = expireNow();
            if (expired > 0) {
                log.info("Expired {} idle assignments", expired);
            }
        } catch (RuntimeException e) {
            log.warn("Lease expiry failed; it runs again at the next interval", e);
        }
    }

    /** Expires every lease that has run out now, in batches; returns how many. Safe to call at any time. */
    public int expireNow() {
        int total = 0;
        while (true) {
            Integer done = transactions.execute(status -> {
                var rows = repository.expire(BATCH);
                for (var row : rows) {
                    audit.recordSystem(row.organizationId(), "workflow.assignment.expired", "assignment",
                            row.id().toString(), Map.of("task", row.taskId().toString(),
                                    "annotator", row.annotatorId().toString()));
                }
                return rows.size();
            });
            total += done == null ? 0 : done;
            if (done == null || done < BATCH) {
                return total;
            }
        }
    }
}
