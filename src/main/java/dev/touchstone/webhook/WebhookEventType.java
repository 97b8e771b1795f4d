package dev.touchstone.webhook;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an endpoint can subscribe to; {@link #key()} is the payload's {@code type} and the API's name. */
public enum WebhookEventType {
    IMPORT_FINISHED("import.finished", "An import ended: succeeded, completed with errors, or cancelled"),
    IMPORT_FAILED("import.failed", "An import failed or was interrupted"),
    TASK_ACCEPTED("task.accepted", "A task's labels were accepted (by consensus or by a QA lead)"),
    TASK_RETURNED("task.returned", "A QA lead returned a task's work to its annotators"),
    ANNOTATOR_PAUSED("annotator.paused", "An annotator was paused for gold accuracy below the project's minimum"),
    RELEASE_READY("release.ready", "A release's files are ready to download"),
    RELEASE_FAILED("release.failed", "A release's build failed");

    /** The type of the test delivery an admin sends to one endpoint; no endpoint subscribes to it. */
    public static final String PING = "ping";

    private final String key;
    private final String description;

    WebhookEventType(String key, String description) {
        this.key = key;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    /**
     * The type with this key.
     *
     * @throws IllegalArgumentException naming the known keys, for any other text
     */
    public static WebhookEventType of(String key) {
        String k = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.key.equals(k)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown event type '" + key + "'; the types are "
                        + Arrays.stream(values()).map(WebhookEventType::key).collect(Collectors.joining(", "))));
    }
}
