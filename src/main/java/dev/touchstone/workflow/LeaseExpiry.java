package dev.touchstone.workflow;

import dev.touchstone.audit.AuditService;
import dev.touchstone.labeling.DraftLifecycle;
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
    private final ReviewRepository reviews;
    private final DraftLifecycle drafts;

    LeaseExpiry(WorkflowRepository repository, AuditService audit, TransactionTemplate transactions,
                ReviewRepository reviews, DraftLifecycle drafts) {
        this.reviews = reviews;
        this.drafts = drafts;
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
                // The drafts stay for audit but take no more changes; grouped by organization (the rule of every query).
                rows.stream().collect(java.util.stream.Collectors.groupingBy(WorkflowRepository.ExpiredRow::organizationId,
                                java.util.stream.Collectors.mapping(WorkflowRepository.ExpiredRow::id,
                                        java.util.stream.Collectors.toList())))
                        .forEach((org, ids) -> drafts.close(org, reviews.draftsOf(ids)));
                // One insert for the batch's audit lines, written as the transaction commits.
                for (var row : rows) {
                    audit.recordSystemAtCommit(row.organizationId(), "workflow.assignment.expired", "assignment",
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
