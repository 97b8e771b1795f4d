package dev.touchstone.webhook.ui;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.textfield.TextField;
import com.sun.net.httpserver.HttpServer;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.webhook.WebhookDelivery;
import dev.touchstone.webhook.WebhookEndpoint;
import dev.touchstone.webhook.WebhookEventType;
import dev.touchstone.webhook.WebhookService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admins' webhooks page without a browser, against the real WebhookService, the embedded database and a real
 * receiver on 127.0.0.1: adding an endpoint shows its secret once, a refused URL is marked on its field, a test event
 * appears among the endpoint's deliveries, and Replay sends the selected delivery again.
 */
@TouchstoneSpringTest
class WebhooksViewTest extends SpringBrowserlessTest {

    @Autowired SignIn signIn;
    @Autowired WebhookService webhooks;

    HttpServer receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        signIn.as("admin@acme.test");
    }

    @AfterEach
    void stop() {
        try {
            webhooks.endpoints(500, null).items().stream().filter(e -> e.description().equals("view test"))
                    .forEach(e -> webhooks.delete(e.id()));
        } finally {
            signIn.out();
            receiver.stop(0);
        }
    }

    @Test
    void anAdminAddsAWebhookSeesItsSecretOnceSendsATestEventAndReplaysIt() throws Exception {
        navigate(WebhooksView.class);
        // The view is a security proxy (@RolesAllowed), so its parts are found by their ids.
        TextField url = find(TextField.class).withId("webhook-url").single();
        TextField description = find(TextField.class).withId("webhook-description").single();
        @SuppressWarnings("unchecked")
        CheckboxGroup<WebhookEventType> events = find(CheckboxGroup.class).withId("webhook-events").single();
        Button add = button("webhook-add");
        @SuppressWarnings("unchecked")
        Grid<WebhookEndpoint> endpoints = find(Grid.class).withId("webhooks-grid").single();
        @SuppressWarnings("unchecked")
        Grid<WebhookDelivery> deliveries = find(Grid.class).withId("deliveries-grid").single();

        test(url).setValue("http://192.168.1.20/hook");
        test(events).selectItem(WebhookEventType.RELEASE_READY.key());
        test(add).click();
        assertThat(url.isInvalid()).isTrue();
        assertThat(url.getErrorMessage()).contains("a private address");

        String address = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        test(url).setValue(address);
        test(description).setValue("view test");
        test(add).click();

        WebhookEndpoint endpoint = webhooks.endpoints(500, null).items().stream()
                .filter(e -> e.url().equals(address)).findFirst().orElseThrow();
        assertThat(endpoint.eventTypes()).containsExactly("release.ready");
        Dialog secret = find(Dialog.class).withId("webhook-secret-dialog").single();
        assertThat(find(TextField.class, secret).withId("webhook-secret").single().getValue())
                .startsWith(endpoint.secretPrefix());
        assertThat(endpoints.asSingleSelect().getValue()).as("the new endpoint is selected").isEqualTo(endpoint);

        test(button("webhook-ping")).click();
        WebhookDelivery ping = waitFor(endpoint.id(), 1);
        assertThat(ping.eventType()).isEqualTo("ping");
        test(button("deliveries-refresh")).click();
        assertThat(test(deliveries).size()).isEqualTo(1);
        assertThat(button("delivery-replay").isEnabled()).as("nothing selected to replay").isFalse();

        deliveries.select(test(deliveries).getRow(0));
        test(button("delivery-replay")).click();
        WebhookDelivery replay = waitFor(endpoint.id(), 2);
        assertThat(replay.replayOf()).isEqualTo(ping.id());
        assertThat(test(deliveries).size()).isEqualTo(2);

        test(button("webhook-delete")).click();
        test(button("webhook-delete-confirm")).click();
        assertThat(webhooks.endpoints(500, null).items()).extracting(WebhookEndpoint::id)
                .doesNotContain(endpoint.id());
    }

    @Test
    void anAdminEditsPausesResumesAndRotatesTheSecretOfAWebhook() throws Exception {
        String address = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/first";
        WebhookEndpoint endpoint = webhooks.create(address, List.of(WebhookEventType.RELEASE_READY), "view test")
                .endpoint();
        navigate(WebhooksView.class);
        @SuppressWarnings("unchecked")
        Grid<WebhookEndpoint> endpoints = find(Grid.class).withId("webhooks-grid").single();
        endpoints.select(endpoint);
        assertThat(button("webhook-resume").isEnabled()).as("an active endpoint cannot be resumed").isFalse();

        test(button("webhook-edit")).click();
        Dialog edit = find(Dialog.class).withId("webhook-edit-dialog").single();
        TextField editUrl = find(TextField.class, edit).withId("webhook-edit-url").single();
        assertThat(editUrl.getValue()).isEqualTo(address);
        test(editUrl).setValue("http://10.0.0.9/hook");
        test(find(Button.class, edit).withId("webhook-edit-save").single()).click();
        assertThat(editUrl.isInvalid()).as("a new URL is checked like a new endpoint's").isTrue();
        assertThat(editUrl.getErrorMessage()).contains("a private address");
        String moved = address.replace("/first", "/second");
        test(editUrl).setValue(moved);
        @SuppressWarnings("unchecked")
        CheckboxGroup<WebhookEventType> editEvents = find(CheckboxGroup.class, edit).withId("webhook-edit-events")
                .single();
        test(editEvents).selectItem(WebhookEventType.TASK_ACCEPTED.key());
        test(find(Button.class, edit).withId("webhook-edit-save").single()).click();
        WebhookEndpoint edited = webhooks.endpoint(endpoint.id());
        assertThat(edited.url()).isEqualTo(moved);
        assertThat(edited.eventTypes()).containsExactly("task.accepted", "release.ready");
        assertThat(endpoints.asSingleSelect().getValue()).as("still selected after the edit").isEqualTo(edited);

        test(button("webhook-pause")).click();
        assertThat(webhooks.endpoint(endpoint.id()).active()).isFalse();
        assertThat(button("webhook-pause").isEnabled()).isFalse();
        assertThat(button("webhook-resume").isEnabled()).isTrue();
        test(button("webhook-resume")).click();
        assertThat(webhooks.endpoint(endpoint.id()).active()).isTrue();

        test(button("webhook-rotate")).click();
        test(button("webhook-rotate-confirm")).click();
        WebhookEndpoint rotated = webhooks.endpoint(endpoint.id());
        assertThat(rotated.secretPrefix()).isNotEqualTo(endpoint.secretPrefix());
        assertThat(rotated.previousSecretExpiresAt()).as("the old secret signs for 24 h").isNotNull();
        Dialog secret = find(Dialog.class).withId("webhook-secret-dialog").single();
        assertThat(find(TextField.class, secret).withId("webhook-secret").single().getValue())
                .startsWith(rotated.secretPrefix());
    }

    private Button button(String id) {
        return find(Button.class).withId(id).single();
    }

    /** The newest delivery once there are {@code count} and the newest has succeeded (sent on another thread). */
    private WebhookDelivery waitFor(UUID endpointId, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            List<WebhookDelivery> all = webhooks.deliveries(endpointId, 50, null).items();
            if (all.size() == count && all.getFirst().state() == WebhookDelivery.State.SUCCEEDED) {
                return all.getFirst();
            }
            assertThat(System.nanoTime()).as("deliveries of %s: %s", endpointId, all).isLessThan(deadline);
            Thread.sleep(25);
        }
    }
}
