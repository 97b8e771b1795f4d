package dev.touchstone.webhook;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends due deliveries (docs/webhooks.md, Retries): claims them from {@code webhook_delivery} (any replica, SKIP
 * LOCKED and a lease), POSTs each with its signature, and writes the answer back. A 2xx answer succeeds; anything
 * else (another status, a redirect, no answer in time, a refused address) is tried again after
 * {@code initial-backoff × 2^(attempts-1)}, at most {@code max-backoff}, until {@code max-attempts} attempts, then
 * the delivery is failed. The schedule is the rows' {@code next_attempt_at}, read from the database at every poll, so
 * nothing is lost across a restart. New deliveries are sent at once (a nudge after their commit); the poll every
 * {@code touchstone.webhook.poll-interval} picks up retries and what a nudge missed.
 */
@Component
class WebhookDispatcher {

    static final int BATCH = 20;
    static final int SNIPPET = 500;
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookRepository repository;
    private final WebhookGuard guard;
    private final TransactionTemplate transactions;
    private final TransactionTemplate savepoint;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration timeout;
    private final HttpClient http;
    private final ExecutorService nudges = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("webhook-delivery").factory());
    private final AtomicBoolean nudgeQueued = new AtomicBoolean();

    WebhookDispatcher(WebhookRepository repository, WebhookGuard guard, PlatformTransactionManager transactionManager,
                      Clock clock,
                      @Value("${touchstone.webhook.max-attempts:8}") int maxAttempts,
                      @Value("${touchstone.webhook.initial-backoff:30s}") Duration initialBackoff,
                      @Value("${touchstone.webhook.max-backoff:1h}") Duration maxBackoff,
                      @Value("${touchstone.webhook.timeout:10s}") Duration timeout) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("touchstone.webhook.max-attempts must be at least 1");
        }
        this.repository = repository;
        this.guard = guard;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.savepoint = new TransactionTemplate(transactionManager);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.timeout = timeout;
        // Redirects are not followed: the guard checked this URL's host, not the one a redirect names.
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    int maxAttempts() {
        return maxAttempts;
    }

    /** How long after its n-th failed attempt (n ≥ 1) a delivery is tried again. */
    Duration backoff(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        Duration wait = initialBackoff.multipliedBy(1L << doublings);
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    /**
     * Runs an event's rows in a savepoint of the caller's transaction (a transaction of their own when there is
     * none), so that they commit with the change they announce and a failure undoes only them.
     */
    <T> T inSavepoint(java.util.function.Supplier<T> work) {
        return savepoint.execute(status -> work.get());
    }

    @Scheduled(fixedDelayString = "${touchstone.webhook.poll-interval:5s}",
            initialDelayString = "${touchstone.webhook.poll-interval:5s}")
    void scheduled() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            log.warn("Webhook delivery failed; it runs again at the next poll", e);
        }
    }

    /** Sends deliveries soon, after the current transaction commits (at once when there is none). */
    void nudgeAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    nudge();
                }
            });
        } else {
            nudge();
        }
    }

    /** Sends due deliveries soon, on the dispatcher's thread; the rows must be committed. */
    void nudge() {
        if (nudgeQueued.compareAndSet(false, true)) {
            nudges.execute(() -> {
                nudgeQueued.set(false);
                scheduled();
            });
        }
    }

    /** Sends every delivery due now, batch by batch; answers how many attempts were made. Safe to call any time. */
    int deliverDue() {
        int total = 0;
        while (true) {
            Instant now = clock.instant();
            List<WebhookRepository.Due> due = transactions.execute(status ->
                    repository.claimDue(now, now.plus(timeout.multipliedBy(2)).plusSeconds(30), BATCH));
            for (WebhookRepository.Due delivery : due) {
                attempt(delivery);
            }
            total += due.size();
            if (due.size() < BATCH) {
                return total;
            }
        }
    }

    private void attempt(WebhookRepository.Due delivery) {
        Instant at = clock.instant();
        long timestamp = at.getEpochSecond();
        Integer status = null;
        String error = null;
        String snippet = null;
        try {
            URI url = URI.create(delivery.url());
            guard.check(url);
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Touchstone-Webhooks/1")
                    .header(WebhookSignature.EVENT, delivery.eventType())
                    .header(WebhookSignature.DELIVERY, delivery.id().toString())
                    .header(WebhookSignature.TIMESTAMP, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE,
                            WebhookSignature.header(delivery.secrets(at), timestamp, delivery.payload()))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
                    .build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            try (InputStream body = response.body()) {
                // Only the start is kept: a receiver's error page can be large, and the rest would only be read.
                snippet = new String(body.readNBytes(SNIPPET * 4), StandardCharsets.UTF_8);
                snippet = snippet.length() > SNIPPET ? snippet.substring(0, SNIPPET) : snippet;
            }
        } catch (HttpTimeoutException e) {
            error = "No answer within " + timeout.toSeconds() + " s";
        } catch (IOException e) {
            error = "Could not reach the endpoint: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage());
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "Interrupted while sending (the server is stopping); tried again later";
        }
        int attempts = delivery.attempts() + 1;
        boolean ok = status != null && status >= 200 && status < 300;
        WebhookDelivery.State state = ok ? WebhookDelivery.State.SUCCEEDED
                : attempts >= maxAttempts ? WebhookDelivery.State.FAILED : WebhookDelivery.State.PENDING;
        Instant next = state == WebhookDelivery.State.PENDING ? at.plus(backoff(attempts)) : null;
        String err = error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error;
        String body = snippet;
        Integer answered = status;
        transactions.executeWithoutResult(s -> repository.recordAttempt(delivery.organizationId(), delivery.id(),
                attempts, state, answered, err, body, at, next));
        if (state == WebhookDelivery.State.FAILED) {
            log.warn("Webhook delivery {} to {} failed after {} attempts (last: {})", delivery.id(), delivery.url(),
                    attempts, answered != null ? "HTTP " + answered : err);
        }
    }

    @PreDestroy
    void stop() {
        nudges.shutdownNow();
    }
}
