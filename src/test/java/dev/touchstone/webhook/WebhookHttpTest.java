package dev.touchstone.webhook;

import dev.touchstone.ApiClient;
import dev.touchstone.SignIn;
import dev.touchstone.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the webhook tests over real HTTP share: a receiving server on 127.0.0.1 ({@link Receiver}), the admin's API
 * client, endpoints registered over the API and deleted after each test, the test clock reset, and waiting for a
 * delivery that the dispatcher sends on its own thread.
 */
abstract class WebhookHttpTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired SignIn signIn;
    @Autowired WebhookService webhooks;
    @Autowired WebhookDispatcher dispatcher;
    @Autowired TestClock clock;
    @Autowired JsonMapper json;
    @LocalServerPort int port;

    Receiver receiver;
    ApiClient admin;
    final List<UUID> made = new ArrayList<>();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new Receiver();
        admin = ApiClient.signedIn(port, json, "admin@acme.test");
        admin.csrfFromApi();
    }

    @AfterEach
    void deleteEndpoints() {
        signIn.as("admin@acme.test");
        try {
            made.forEach(id -> webhooks.delete(id));
        } finally {
            signIn.out();
            clock.reset();
            receiver.close();
        }
    }

    /** Registers an endpoint over the API as the admin; answers {@code {endpoint, secret}}. */
    JsonNode register(String url, String types) throws Exception {
        HttpResponse<String> response = admin.post("/api/v1/webhooks", newWebhook(url, types));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode created = json.readTree(response.body());
        UUID id = id(created);
        assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/api/v1/webhooks/" + id);
        made.add(id);
        return created;
    }

    static UUID id(JsonNode created) {
        return UUID.fromString(created.path("endpoint").path("id").asString());
    }

    static String newWebhook(String url, String types) {
        return "{\"url\": \"" + url + "\", \"eventTypes\": " + types + ", \"description\": \"test receiver\"}";
    }

    <T> T asAdmin(java.util.function.Supplier<T> work) {
        signIn.as("admin@acme.test");
        try {
            return work.get();
        } finally {
            signIn.out();
        }
    }

    /** The delivery once it matches; the dispatcher sends on its own thread, so this polls the row. */
    WebhookDelivery waitFor(UUID deliveryId, Predicate<WebhookDelivery> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            WebhookDelivery delivery = asAdmin(() -> webhooks.delivery(deliveryId));
            if (condition.test(delivery)) {
                return delivery;
            }
            assertThat(System.nanoTime()).as("delivery %s reaches the state; now %s", deliveryId, delivery)
                    .isLessThan(deadline);
            Thread.sleep(25);
        }
    }
}
