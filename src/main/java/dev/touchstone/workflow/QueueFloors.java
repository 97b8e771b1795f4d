package dev.touchstone.workflow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Advances the queue's floors (V30, docs/workflow/queue.md "The floor"): each project's gold and normal lists start
 * the claim's index walk at the first claimable task instead of at the head, where tasks claimed full or completed
 * leave index entries an old snapshot keeps from being removed. Runs on every replica every
 * {@code touchstone.workflow.floor-interval} (default 1 s); floors another replica holds are skipped, so replicas
 * share the work. Lowering a floor (a task becoming claimable again) is the database's job, by trigger, in the
 * transaction that does it; this only ever moves a floor forward to a task that is claimable.
 */
@Component
public class QueueFloors {

    static final int BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(QueueFloors.class);

    private final WorkflowRepository repository;
    private final TransactionTemplate transactions;

    QueueFloors(WorkflowRepository repository, TransactionTemplate transactions) {
        this.repository = repository;
        this.transactions = transactions;
    }

    @Scheduled(fixedDelayString = "${touchstone.workflow.floor-interval:1s}",
            initialDelayString = "${touchstone.workflow.floor-interval:1s}")
    void scheduled() {
        try {
            advanceNow();
        } catch (RuntimeException e) {
            log.warn("Advancing the queue floors failed; it runs again at the next interval", e);
        }
    }

    /** Advances every floor whose task is no longer claimable; returns how many moved. Safe to call at any time. */
    public int advanceNow() {
        int total = 0;
        while (true) {
            // Two statements in one transaction: lock, then read the tasks with a snapshot taken after the locks.
            Integer moved = transactions.execute(status ->
                    repository.advanceFloors(repository.lockFloorsBehind(BATCH)));
            total += moved == null ? 0 : moved;
            if (moved == null || moved < BATCH) {
                return total;
            }
        }
    }
}
