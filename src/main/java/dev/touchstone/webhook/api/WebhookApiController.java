package dev.touchstone.webhook.api;

import dev.touchstone.common.CursorPage;
import dev.touchstone.webhook.CreatedWebhook;
import dev.touchstone.webhook.WebhookDelivery;
import dev.touchstone.webhook.WebhookEndpoint;
import dev.touchstone.webhook.WebhookEventType;
import dev.touchstone.webhook.WebhookService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The organization's webhooks over HTTP (docs/webhooks.md), for admins (a session with its CSRF header, or an API
 * token with the {@code admin} scope; others get 403): register, list, read, edit, pause, resume and delete
 * endpoints, rotate an endpoint's secret, page through an endpoint's deliveries, replay a delivery, send a test ping.
 * Another organization's ids are 404.
 */
@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "Webhooks", description = "Signed HTTP callbacks when imports end, tasks are accepted or returned, "
        + "annotators are paused and releases are ready (admins)")
class WebhookApiController {

    private final WebhookService webhooks;

    WebhookApiController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    /** The body of {@code POST /api/v1/webhooks}. */
    @Schema(name = "NewWebhook", description = "An endpoint to register")
    record NewWebhook(
            @Schema(description = "Where to POST: an http or https URL whose host resolves to a public address",
                    example = "https://ci.example.com/hooks/touchstone", requiredMode = Schema.RequiredMode.REQUIRED)
            String url,
            @ArraySchema(arraySchema = @Schema(description = "The events it hears, at least one",
                    requiredMode = Schema.RequiredMode.REQUIRED),
                    schema = @Schema(allowableValues = {"import.finished", "import.failed", "task.accepted",
                            "task.returned", "annotator.paused", "release.ready", "release.failed"}))
            List<String> eventTypes,
            @Schema(description = "What it is for, at most 200 characters", example = "Retrain on new labels")
            String description) {
    }

    /** The body of {@code PATCH /api/v1/webhooks/{id}}: what is given changes, what is left out stays. */
    @Schema(name = "WebhookChanges", description = "The fields to change; a field left out (or null) stays as it is")
    record WebhookChanges(
            @Schema(description = "A new URL, checked like a new endpoint's",
                    example = "https://ci.example.com/hooks/touchstone-v2")
            String url,
            @ArraySchema(arraySchema = @Schema(description = "The events it hears from now on, at least one"),
                    schema = @Schema(allowableValues = {"import.finished", "import.failed", "task.accepted",
                            "task.returned", "annotator.paused", "release.ready", "release.failed"}))
            List<String> eventTypes,
            @Schema(description = "What it is for, at most 200 characters")
            String description) {
    }

    /** The body of {@code POST /api/v1/webhooks/{id}/secret-rotations}; may be left out. */
    @Schema(name = "SecretRotation", description = "How long the old secret keeps signing")
    record SecretRotation(
            @Schema(description = "Hours (0-168) during which deliveries carry a signature with the old secret "
                    + "next to the new one's; 0 stops the old secret at once. Default 24 "
                    + "(`touchstone.webhook.rotation-grace`).", example = "24")
            Integer graceHours) {
    }

    @GetMapping
    @Operation(summary = "The organization's webhook endpoints, newest first (admins)",
            description = "Paged: `?limit=` (1-500, default 50) and `?cursor=` from the previous page's `nextCursor`. "
                    + "Secrets are not listed, only their first characters (`secretPrefix`).")
    @ApiResponse(responseCode = "200", description = "A page of endpoints")
    @ApiResponse(responseCode = "400", description = "A limit out of range or a cursor this API did not make")
    @ApiResponse(responseCode = "403", description = "Not an admin")
    CursorPage<WebhookEndpoint> list(@RequestParam(required = false) Integer limit,
                                     @RequestParam(required = false) String cursor) {
        return webhooks.endpoints(limit, cursor);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Register a webhook endpoint (admins)",
            description = "Answers the endpoint and its signing `secret`, which is shown only this once. Every "
                    + "delivery is signed with it: `Touchstone-Signature: v1=<hex HMAC-SHA256 of timestamp + \".\" + "
                    + "body>` with the `Touchstone-Timestamp` header (Unix seconds); see docs/webhooks.md.")
    @ApiResponse(responseCode = "201", description = "Registered; active at once",
            headers = @Header(name = "Location", description = "The endpoint's URL"))
    @ApiResponse(responseCode = "400", description = "A missing or malformed URL, a host that resolves to a private, "
            + "loopback or link-local address, no or unknown event types, or a description too long")
    @ApiResponse(responseCode = "403", description = "Not an admin")
    ResponseEntity<CreatedWebhook> create(@RequestBody NewWebhook request) {
        List<WebhookEventType> types = new ArrayList<>();
        if (request.eventTypes() != null) {
            request.eventTypes().forEach(t -> types.add(WebhookEventType.of(t)));
        }
        CreatedWebhook created = webhooks.create(request.url(), types, request.description());
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}")
                .buildAndExpand(created.endpoint().id()).toUri();
        return ResponseEntity.created(location).body(created);
    }

    @GetMapping("/{webhookId}")
    @Operation(summary = "One webhook endpoint (admins)")
    @ApiResponse(responseCode = "200", description = "The endpoint")
    @ApiResponse(responseCode = "403", description = "Not an admin")
    @ApiResponse(responseCode = "404", description = "No such endpoint in your organization")
    WebhookEndpoint endpoint(@PathVariable UUID webhookId) {
        return webhooks.endpoint(webhookId);
    }

    @PatchMapping(value = "/{webhookId}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    @Operation(summary = "Change a webhook endpoint's URL, event types or description (admins)",
            description = "Only the fields given change. A new URL is checked like a new endpoint's (http or https, "
                    + "a public address); deliveries still pending go to the new URL at their next attempt. The "
                    + "secret stays (rotate it with `POST /api/v1/webhooks/{id}/secret-rotations`).")
    @ApiResponse(responseCode = "200", description = "The endpoint as it is now")
    @ApiResponse(responseCode = "400", description = "A body that is not JSON")
    @ApiResponse(responseCode = "403", description = "Not an admin")
    @ApiResponse(responseCode = "404", description = "No such endpoint in your organization")
    @ApiResponse(responseCode = "422", description = "A malformed or refused URL, no or unknown event types, or a "
            + "description too long")
    WebhookEndpoint update(@PathVariable UUID webhookId, @RequestBody WebhookChanges changes) {
        List<WebhookEventType> types = null;
        if (changes.eventTypes() != null) {
            types = new ArrayList<>();
            for (String t : changes.eventTypes()) {
                types.add(WebhookEventType.of(t));
            }
        }
        return webhooks.update(webhookId, changes.url(), types, changes.description());
    }

    @PostMapping("/{webhookId}/pause")
    @Operation(summary = "Pause a webhook endpoint (admins)",
            description = "Nothing is sent to it, retries included, until it is resumed. Events it subscribes to are "
                    + "still stored as `pending` deliveries and go out when it is resumed. Pausing a paused endpoint "
                    + "changes nothing.")
    @ApiResponse(responseCode = "200", description = "The endpoint, `active` false")
    @ApiResponse(responseCode = "403", description = "Not an admin")
    @ApiResponse(responseCode = "404", description = "No such endpoint in your organization")
    WebhookEndpoint pause(@PathVariable UUID webhookId) {
        return webhooks.pause(webhookId);
    }

    @PostMapping("/{webhookId}/resume")
    @Operation(summary = "Resume a paused webhook endpoint (admins)",
            description = "Every pending delivery of the endpoint (those held while it was paused, and retries "
                    + "waiting out a backoff) is sent at once, oldest first.")
    @ApiResponse(responseCode = "200", description = "The endpoint, `active` true")
    @ApiResponse(responseCode = "403", description = "Not an admin")
    @ApiResponse(responseCode = "404", description = "No such endpoint in your organization")
    WebhookEndpoint resume(@PathVariable UUID webhookId) {
        return webhooks.resume(webhookId);
    }

    @PostMapping("/{webhookId}/secret-rotations")
    @Operation(summary = "Give a webhook endpoint a new signing secret (admins)",
            description = "Answers the endpoint and the new `secret`, shown only this once. Until "
                    + "`endpoint.previousSecretExpiresAt` (24 hours by default, `graceHours` to choose) every "
                    + "delivery's `Touchstone-Signature` carries two entries, `v1=<new>,v1=<old>`, so the receiver "
                    + "can switch to the new secret at any moment; after it, only the new one. A secret older than "
                    + "the one replaced stops signing at once. The body may be left out.")
    @ApiResponse(responseCode = "200", description = "Rotated")
    @ApiResponse(responseCode = "403", description = "Not an admin")
    @ApiResponse(responseCode = "404", description = "No such endpoint in your organization")
    @ApiResponse(responseCode = "422", description = "graceHours below 0 or above 168")
    CreatedWebhook rotateSecret(@PathVariable UUID webhookId,
                                @RequestBody(required = false) SecretRotation rotation) {
        Integer hours = rotation == null ? null : rotation.graceHours();
        return webhooks.rotateSecret(webhookId, hours == null ? null : Duration.ofHours(hours));
    }

    @DeleteMapping("/{webhookId}")
    @Operation(summary = "Delete a webhook endpoint and its deliveries (admins)",
            description = "Nothing more is sent to it, including retries still pending.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "403", description = "Not an admin")
    @ApiResponse(responseCode = "404", description = "No such endpoint in your organization")
    ResponseEntity<Void> delete(@PathVariable UUID webhookId) {
        webhooks.delete(webhookId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{webhookId}/deliveries")
    @Operation(summary = "An endpoint's deliveries, newest first (admins)",
            description = "Each with its state (`pending`, `succeeded`, `failed`), attempts, the last answer's status "
                    + "and first 500 characters, or the error when there was no answer, and when it is tried next. "
                    + "Paged like every list: `?limit=`, `?cursor=`.")
    @ApiResponse(responseCode = "200", description = "A page of deliveries")
    @ApiResponse(responseCode = "400", description = "A limit out of range or a cursor this API did not make")
    @ApiResponse(responseCode = "403", description = "Not an admin")
    @ApiResponse(responseCode = "404", description = "No such endpoint in your organization")
    CursorPage<WebhookDelivery> deliveries(@PathVariable UUID webhookId,
                                           @Parameter(description = "1-500, default 50")
                                           @RequestParam(required = false) Integer limit,
                                           @RequestParam(required = false) String cursor) {
        return webhooks.deliveries(webhookId, limit, cursor);
    }

    @PostMapping("/deliveries/{deliveryId}/replay")
    @Operation(summary = "Send a delivery's payload again (admins)",
            description = "Makes a new delivery with the same payload (so the same event `id`, which a receiver can "
                    + "use to drop duplicates), sent at once and retried like any other; the original stays as it "
                    + "was. Answers the new delivery.")
    @ApiResponse(responseCode = "202", description = "Queued",
            headers = @Header(name = "Location", description = "The endpoint's deliveries"))
    @ApiResponse(responseCode = "403", description = "Not an admin")
    @ApiResponse(responseCode = "404", description = "No such delivery in your organization")
    ResponseEntity<WebhookDelivery> replay(@PathVariable UUID deliveryId) {
        WebhookDelivery replay = webhooks.replay(deliveryId);
        return ResponseEntity.accepted().location(deliveriesOf(replay.endpointId())).body(replay);
    }

    @PostMapping("/{webhookId}/pings")
    @Operation(summary = "Send the endpoint a test event of type `ping` (admins)",
            description = "Whatever types it subscribes to; answers the new delivery.")
    @ApiResponse(responseCode = "202", description = "Queued",
            headers = @Header(name = "Location", description = "The endpoint's deliveries"))
    @ApiResponse(responseCode = "403", description = "Not an admin")
    @ApiResponse(responseCode = "404", description = "No such endpoint in your organization")
    ResponseEntity<WebhookDelivery> ping(@PathVariable UUID webhookId) {
        WebhookDelivery ping = webhooks.ping(webhookId);
        return ResponseEntity.accepted().location(deliveriesOf(webhookId)).body(ping);
    }

    // The shell's handler answers 500 for it on main; the api-data lane moves this mapping there for every controller.
    private static URI deliveriesOf(UUID webhookId) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/webhooks/{id}/deliveries")
                .buildAndExpand(webhookId).toUri();
    }
}
