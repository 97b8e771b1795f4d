package dev.touchstone.webhook;

import dev.touchstone.ingest.ImportFinished;
import dev.touchstone.ingest.ImportState;
import dev.touchstone.release.ReleaseFailed;
import dev.touchstone.release.ReleaseReady;
import dev.touchstone.workflow.AnnotatorPaused;
import dev.touchstone.workflow.TaskAccepted;
import dev.touchstone.workflow.TaskReturned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Turns the other modules' past-tense events into deliveries as the publishing transaction commits (or at once, for
 * the build and import jobs that publish outside one): one {@code webhook_delivery} row per endpoint of the
 * organization that subscribes to the type (a paused one's rows wait for its resume), written on the publisher's
 * connection inside a savepoint, then a nudge after the commit to send them. The rows commit with the change or not
 * at all, so a change that rolled back is never announced and a crash cannot lose an announced one; a failure here
 * rolls back to the savepoint and is logged, never undoing the change; a receiver that is slow or down never holds it
 * up. Not after the commit in a transaction of its own: that held the publisher's connection while it waited for a
 * second one, and fifty annotators submitting at once on a pool of ten timed out (WorkflowConcurrencyTest).
 */
@Component
class WebhookEvents {

    private static final Logger log = LoggerFactory.getLogger(WebhookEvents.class);

    private final WebhookRepository repository;
    private final WebhookDispatcher dispatcher;
    private final JsonMapper json;
    private final Clock clock;

    WebhookEvents(WebhookRepository repository, WebhookDispatcher dispatcher, JsonMapper json, Clock clock) {
        this.repository = repository;
        this.dispatcher = dispatcher;
        this.json = json;
        this.clock = clock;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void importFinished(ImportFinished event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("jobId", event.jobId());
        data.put("datasetId", event.datasetId());
        data.put("state", event.state().name().toLowerCase(Locale.ROOT));
        data.put("episodesImported", event.episodesDone());
        data.put("episodesFailed", event.episodesFailed());
        data.put("error", event.error());
        WebhookEventType type = event.state() == ImportState.FAILED ? WebhookEventType.IMPORT_FAILED
                : WebhookEventType.IMPORT_FINISHED;
        publish(type, event.organizationId(), data);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void taskAccepted(TaskAccepted event) {
        Map<String, Object> data = task(event.taskId(), event.projectId(), event.projectName(), event.episodeId());
        data.put("acceptedBy", event.acceptedBy());
        data.put("byConsensus", event.acceptedBy() == null);
        data.put("edited", event.edited());
        publish(WebhookEventType.TASK_ACCEPTED, event.organizationId(), data);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void taskReturned(TaskReturned event) {
        Map<String, Object> data = task(event.taskId(), event.projectId(), event.projectName(), event.episodeId());
        data.put("assignmentIds", event.assignmentIds());
        data.put("annotatorIds", event.annotatorIds());
        data.put("returnedBy", event.returnedBy());
        data.put("comment", event.comment());
        publish(WebhookEventType.TASK_RETURNED, event.organizationId(), data);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void annotatorPaused(AnnotatorPaused event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("projectId", event.projectId());
        data.put("projectName", event.projectName());
        data.put("annotatorId", event.annotatorId());
        data.put("reason", event.reason());
        publish(WebhookEventType.ANNOTATOR_PAUSED, event.organizationId(), data);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void releaseReady(ReleaseReady event) {
        publish(WebhookEventType.RELEASE_READY, event.organizationId(),
                release(event.releaseId(), event.projectId(), event.projectName(), event.version()));
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void releaseFailed(ReleaseFailed event) {
        Map<String, Object> data = release(event.releaseId(), event.projectId(), event.projectName(), event.version());
        data.put("error", event.error());
        publish(WebhookEventType.RELEASE_FAILED, event.organizationId(), data);
    }

    private static Map<String, Object> task(UUID taskId, UUID projectId, String projectName, UUID episodeId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("taskId", taskId);
        data.put("projectId", projectId);
        data.put("projectName", projectName);
        data.put("episodeId", episodeId);
        return data;
    }

    private static Map<String, Object> release(UUID releaseId, UUID projectId, String projectName, String version) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("releaseId", releaseId);
        data.put("projectId", projectId);
        data.put("projectName", projectName);
        data.put("version", version);
        return data;
    }

    /** Stores one delivery per subscribed endpoint; never throws into the publisher. */
    void publish(WebhookEventType type, UUID organizationId, Map<String, Object> data) {
        try {
            int stored = dispatcher.inSavepoint(() -> {
                List<UUID> endpoints = repository.subscribers(organizationId, type.key());
                if (endpoints.isEmpty()) {
                    return 0;
                }
                Instant now = clock.instant();
                UUID eventId = UUID.randomUUID();
                String payload = payload(eventId, type.key(), now, organizationId, data);
                endpoints.forEach(endpoint -> repository.insertDelivery(organizationId, endpoint, eventId, type.key(),
                        payload, now, null));
                return endpoints.size();
            });
            if (stored > 0) {
                dispatcher.nudgeAfterCommit();
            }
        } catch (RuntimeException e) {
            log.error("Webhook deliveries of a {} event in organization {} could not be stored", type.key(),
                    organizationId, e);
        }
    }

    /** The JSON body: {@code {id, type, occurredAt, organizationId, data}}. */
    String payload(UUID eventId, String type, Instant occurredAt, UUID organizationId, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", eventId);
        body.put("type", type);
        body.put("occurredAt", occurredAt.toString());
        body.put("organizationId", organizationId);
        body.put("data", data);
        return json.writeValueAsString(body);
    }
}
