package dev.touchstone.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The retention sweep (docs/webhooks.md, Retention): deletes succeeded and failed deliveries older than
 * {@code touchstone.webhook.retention} (30 days), every organization's, in batches so that no statement holds many
 * rows locked, and forgets previous secrets whose grace period has ended. Pending deliveries are kept whatever their
 * age: a paused endpoint's held events must still go out when it is resumed.
 */
@Component
class WebhookRetention {

    static final int BATCH = 5_000;
    private static final Logger log = LoggerFactory.getLogger(WebhookRetention.class);

    private final WebhookRepository repository;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration retention;

    WebhookRetention(WebhookRepository repository, PlatformTransactionManager transactionManager, Clock clock,
                     @Value("${touchstone.webhook.retention:30d}") Duration retention) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("touchstone.webhook.retention must be positive");
        }
        this.repository = repository;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.retention = retention;
    }

    Duration retention() {
        return retention;
    }

    @Scheduled(fixedDelayString = "${touchstone.webhook.sweep-interval:1h}",
            initialDelayString = "${touchstone.webhook.sweep-interval:1h}")
    void scheduled() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("The webhook retention sweep failed; it runs again at the next interval", e);
        }
    }

    /** One sweep; answers how many deliveries it deleted. */
    int sweep() {
        Instant now = clock.instant();
        Instant before = now.minus(retention);
        int total = 0;
        int deleted;
        do {
            deleted = transactions.execute(status -> repository.pruneFinished(before, BATCH));
            total += deleted;
        } while (deleted == BATCH);
        int secrets = transactions.execute(status -> repository.dropExpiredSecrets(now));
        if (total > 0 || secrets > 0) {
            log.info("Webhook retention: deleted {} deliveries finished before {}, forgot {} expired previous "
                    + "secrets", total, before, secrets);
        }
        return total;
    }
}
