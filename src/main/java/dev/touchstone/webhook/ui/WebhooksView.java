package dev.touchstone.webhook.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.Role;
import dev.touchstone.webhook.CreatedWebhook;
import dev.touchstone.webhook.WebhookDelivery;
import dev.touchstone.webhook.WebhookEndpoint;
import dev.touchstone.webhook.WebhookEventType;
import dev.touchstone.webhook.WebhookService;
import jakarta.annotation.security.RolesAllowed;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The organization's webhooks, for admins (docs/webhooks.md): register an endpoint (URL, events; the signing secret
 * is shown once), see the endpoints, and for the one selected its recent deliveries with state, attempts and the last
 * answer; send it a test event, edit, pause or resume it, rotate its secret (the new one shown once), replay the
 * selected delivery, or delete the endpoint.
 */
@Route("admin/webhooks")
@PageTitle("Webhooks")
@Menu(order = 14, title = "Webhooks", icon = "vaadin:connect")
@RolesAllowed(Role.ADMIN_NAME)
public class WebhooksView extends VerticalLayout {

    static final int RECENT = 100;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final WebhookService webhooks;
    final TextField url = new TextField("URL");
    final CheckboxGroup<WebhookEventType> events = new CheckboxGroup<>("Events");
    final TextField description = new TextField("Description");
    final Button add = new Button("Add webhook");
    final Grid<WebhookEndpoint> endpoints = new Grid<>();
    final Grid<WebhookDelivery> deliveries = new Grid<>();
    final Button ping = new Button("Send test event");
    final Button delete = new Button("Delete webhook");
    final Button edit = new Button("Edit");
    final Button pause = new Button("Pause");
    final Button resume = new Button("Resume");
    final Button rotate = new Button("Rotate secret");
    final Button replay = new Button("Replay delivery");
    final Button refresh = new Button("Refresh");
    private final H3 deliveriesTitle = new H3("Deliveries");

    public WebhooksView(WebhookService webhooks) {
        this.webhooks = webhooks;
        setId("webhooks");
        Paragraph about = new Paragraph("Touchstone POSTs JSON to these URLs when something happens in this "
                + "organization. Each request carries Touchstone-Timestamp and Touchstone-Signature (v1= the hex "
                + "HMAC-SHA256 of timestamp + \".\" + body, keyed with the webhook's secret): check both before "
                + "trusting it. Failed deliveries are retried with growing waits, then marked failed.");
        about.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);

        url.setId("webhook-url");
        url.setPlaceholder("https://ci.example.com/hooks/touchstone");
        url.setWidth("28em");
        events.setId("webhook-events");
        events.setItems(WebhookEventType.values());
        events.setItemLabelGenerator(WebhookEventType::key);
        description.setId("webhook-description");
        description.setMaxLength(WebhookService.MAX_DESCRIPTION);
        add.setId("webhook-add");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.addClickListener(click -> create());
        HorizontalLayout form = new HorizontalLayout(url, description, add);
        form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);

        endpoints.setId("webhooks-grid");
        endpoints.addColumn(WebhookEndpoint::url).setHeader("URL").setAutoWidth(true).setFlexGrow(1);
        endpoints.addColumn(e -> String.join(", ", e.eventTypes())).setHeader("Events").setAutoWidth(true);
        endpoints.addComponentColumn(WebhooksView::status).setHeader("Status").setAutoWidth(true);
        endpoints.addColumn(e -> e.secretPrefix() + "…" + (e.previousSecretExpiresAt() == null ? ""
                : " (old one signs too until " + WHEN.format(e.previousSecretExpiresAt()) + ")"))
                .setHeader("Secret").setAutoWidth(true);
        endpoints.addColumn(WebhookEndpoint::description).setHeader("Description").setAutoWidth(true);
        endpoints.addColumn(e -> WHEN.format(e.createdAt())).setHeader("Created").setAutoWidth(true);
        endpoints.setAllRowsVisible(true);
        endpoints.addSelectionListener(selection -> showDeliveries());

        ping.setId("webhook-ping");
        ping.addClickListener(click -> selected(endpoint -> webhooks.ping(endpoint.id()), "Test event queued"));
        delete.setId("webhook-delete");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        delete.addClickListener(click -> confirmDelete());
        edit.setId("webhook-edit");
        edit.addClickListener(click -> openEdit());
        pause.setId("webhook-pause");
        pause.addClickListener(click -> selected(endpoint -> webhooks.pause(endpoint.id()),
                "Webhook paused: its events are kept and sent when it is resumed"));
        resume.setId("webhook-resume");
        resume.addClickListener(click -> selected(endpoint -> webhooks.resume(endpoint.id()),
                "Webhook resumed: held deliveries are being sent"));
        rotate.setId("webhook-rotate");
        rotate.addClickListener(click -> confirmRotate());
        replay.setId("delivery-replay");
        replay.addClickListener(click -> replaySelected());
        refresh.setId("deliveries-refresh");
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        refresh.addClickListener(click -> showDeliveries());
        HorizontalLayout actions = new HorizontalLayout(ping, edit, pause, resume, rotate, replay, refresh, delete);
        actions.setWrap(true);

        deliveriesTitle.setId("deliveries-title");
        deliveries.setId("deliveries-grid");
        deliveries.addColumn(d -> WHEN.format(d.createdAt())).setHeader("Created").setAutoWidth(true);
        deliveries.addColumn(WebhookDelivery::eventType).setHeader("Event").setAutoWidth(true);
        deliveries.addComponentColumn(WebhooksView::state).setHeader("State").setAutoWidth(true);
        deliveries.addColumn(WebhookDelivery::attempts).setHeader("Attempts").setAutoWidth(true);
        deliveries.addColumn(WebhooksView::answer).setHeader("Last answer").setAutoWidth(true).setFlexGrow(1);
        deliveries.addColumn(d -> d.nextAttemptAt() == null ? "" : WHEN.format(d.nextAttemptAt()))
                .setHeader("Next attempt").setAutoWidth(true);
        deliveries.addColumn(d -> d.replayOf() == null ? "" : "replay").setHeader("").setAutoWidth(true);
        deliveries.addSelectionListener(selection -> replay.setEnabled(selection.getFirstSelectedItem().isPresent()));

        add(new H2("Webhooks"), about, form, events, endpoints, deliveriesTitle, actions, deliveries);
        refreshEndpoints();
    }

    private void create() {
        url.setInvalid(false);
        events.setInvalid(false);
        description.setInvalid(false);
        try {
            CreatedWebhook created = webhooks.create(url.getValue(), events.getValue(), description.getValue());
            url.clear();
            description.clear();
            events.clear();
            refreshEndpoints();
            endpoints.select(created.endpoint());
            showSecret("Webhook added", created, "Copy the signing secret into the receiver now. It is shown only "
                    + "this once; Touchstone signs every delivery to " + created.endpoint().url() + " with it.");
        } catch (IllegalArgumentException e) {
            TextField field = e.getMessage().startsWith("description") ? description : url;
            if (e.getMessage().startsWith("eventTypes")) {
                events.setErrorMessage(e.getMessage());
                events.setInvalid(true);
            } else {
                field.setErrorMessage(e.getMessage());
                field.setInvalid(true);
            }
        }
    }

    private void showSecret(String title, CreatedWebhook created, String message) {
        Dialog dialog = new Dialog();
        dialog.setId("webhook-secret-dialog");
        dialog.setHeaderTitle(title);
        dialog.setCloseOnOutsideClick(false);
        Paragraph warning = new Paragraph(message);
        warning.addClassName("notice");
        TextField secret = new TextField("Secret");
        secret.setId("webhook-secret");
        secret.setValue(created.secret());
        secret.setReadOnly(true);
        secret.setWidthFull();
        secret.addClassName("code-text");
        Button done = new Button("I have copied it", click -> dialog.close());
        done.setId("webhook-secret-done");
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(new VerticalLayout(warning, secret));
        dialog.getFooter().add(done);
        dialog.open();
    }

    private void openEdit() {
        WebhookEndpoint endpoint = endpoints.asSingleSelect().getValue();
        if (endpoint == null) {
            return;
        }
        Dialog dialog = new Dialog();
        dialog.setId("webhook-edit-dialog");
        dialog.setHeaderTitle("Edit webhook");
        TextField newUrl = new TextField("URL");
        newUrl.setId("webhook-edit-url");
        newUrl.setValue(endpoint.url());
        newUrl.setWidthFull();
        CheckboxGroup<WebhookEventType> newEvents = new CheckboxGroup<>("Events");
        newEvents.setId("webhook-edit-events");
        newEvents.setItems(WebhookEventType.values());
        newEvents.setItemLabelGenerator(WebhookEventType::key);
        newEvents.setValue(endpoint.eventTypes().stream().map(WebhookEventType::of)
                .collect(java.util.stream.Collectors.toSet()));
        TextField newDescription = new TextField("Description");
        newDescription.setId("webhook-edit-description");
        newDescription.setMaxLength(WebhookService.MAX_DESCRIPTION);
        newDescription.setValue(endpoint.description());
        newDescription.setWidthFull();
        Button cancel = new Button("Cancel", click -> dialog.close());
        Button save = new Button("Save", click -> {
            newUrl.setInvalid(false);
            newEvents.setInvalid(false);
            newDescription.setInvalid(false);
            try {
                webhooks.update(endpoint.id(), newUrl.getValue(), newEvents.getValue(), newDescription.getValue());
                Notification.show("Webhook saved");
                dialog.close();
                refreshEndpoints();
            } catch (IllegalArgumentException e) {
                if (e.getMessage().startsWith("eventTypes")) {
                    newEvents.setErrorMessage(e.getMessage());
                    newEvents.setInvalid(true);
                } else {
                    TextField field = e.getMessage().startsWith("description") ? newDescription : newUrl;
                    field.setErrorMessage(e.getMessage());
                    field.setInvalid(true);
                }
            } catch (NotFoundInOrganizationException e) {
                Notification.show(e.getMessage());
                dialog.close();
                refreshEndpoints();
            }
        });
        save.setId("webhook-edit-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(new VerticalLayout(newUrl, newEvents, newDescription));
        dialog.getFooter().add(cancel, save);
        dialog.open();
    }

    private void confirmRotate() {
        WebhookEndpoint endpoint = endpoints.asSingleSelect().getValue();
        if (endpoint == null) {
            return;
        }
        long hours = webhooks.rotationGrace().toHours();
        Dialog confirm = new Dialog();
        confirm.setId("webhook-rotate-dialog");
        confirm.setHeaderTitle("Rotate the secret of " + endpoint.url() + "?");
        confirm.add(new Paragraph("A new secret is made and shown once. For the next " + hours + " hours every "
                + "delivery is signed with both the new and the current secret, so the receiver can switch to the "
                + "new one at any moment; after that, only the new one signs."));
        Button cancel = new Button("Cancel", click -> confirm.close());
        Button yes = new Button("Rotate", click -> {
            confirm.close();
            try {
                CreatedWebhook rotated = webhooks.rotateSecret(endpoint.id(), null);
                refreshEndpoints();
                showSecret("New secret", rotated, "Copy the new signing secret into the receiver. It is shown only "
                        + "this once. " + (rotated.endpoint().previousSecretExpiresAt() == null
                        ? "The old secret signs nothing any more."
                        : "Until " + WHEN.format(rotated.endpoint().previousSecretExpiresAt())
                        + " deliveries also carry a signature with the old secret."));
            } catch (NotFoundInOrganizationException e) {
                Notification.show(e.getMessage());
                refreshEndpoints();
            }
        });
        yes.setId("webhook-rotate-confirm");
        yes.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        confirm.getFooter().add(cancel, yes);
        confirm.open();
    }

    private void confirmDelete() {
        WebhookEndpoint endpoint = endpoints.asSingleSelect().getValue();
        if (endpoint == null) {
            return;
        }
        Dialog confirm = new Dialog();
        confirm.setId("webhook-delete-dialog");
        confirm.setHeaderTitle("Delete the webhook to " + endpoint.url() + "?");
        confirm.add(new Paragraph("Nothing more is sent to it, retries included, and its deliveries are deleted."));
        Button cancel = new Button("Cancel", click -> confirm.close());
        Button yes = new Button("Delete", click -> {
            try {
                webhooks.delete(endpoint.id());
                Notification.show("Webhook deleted");
            } catch (NotFoundInOrganizationException e) {
                Notification.show(e.getMessage());
            }
            confirm.close();
            refreshEndpoints();
        });
        yes.setId("webhook-delete-confirm");
        yes.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        confirm.getFooter().add(cancel, yes);
        confirm.open();
    }

    private void replaySelected() {
        WebhookDelivery delivery = deliveries.asSingleSelect().getValue();
        if (delivery == null) {
            return;
        }
        try {
            webhooks.replay(delivery.id());
            Notification.show("Replay queued");
        } catch (NotFoundInOrganizationException e) {
            Notification.show(e.getMessage());
        }
        showDeliveries();
    }

    private void selected(java.util.function.Function<WebhookEndpoint, ?> action, String done) {
        WebhookEndpoint endpoint = endpoints.asSingleSelect().getValue();
        if (endpoint == null) {
            return;
        }
        try {
            Object result = action.apply(endpoint);
            Notification.show(done);
            if (result instanceof WebhookEndpoint) {
                refreshEndpoints();
                return;
            }
        } catch (NotFoundInOrganizationException e) {
            Notification.show(e.getMessage());
        }
        showDeliveries();
    }

    private void refreshEndpoints() {
        WebhookEndpoint chosen = endpoints.asSingleSelect().getValue();
        java.util.List<WebhookEndpoint> items = webhooks.endpoints(500, null).items();
        endpoints.setItems(items);
        // The grid keeps a selected item that is gone (deleted here or by another admin; its deliveries are 404) or
        // changed (edited, paused): the selection follows the endpoint's id.
        if (chosen != null && !items.contains(chosen)) {
            endpoints.deselectAll();
            items.stream().filter(e -> e.id().equals(chosen.id())).findFirst().ifPresent(endpoints::select);
        }
        showDeliveries();
    }

    private void showDeliveries() {
        WebhookEndpoint endpoint = endpoints.asSingleSelect().getValue();
        boolean chosen = endpoint != null;
        ping.setEnabled(chosen);
        delete.setEnabled(chosen);
        edit.setEnabled(chosen);
        rotate.setEnabled(chosen);
        pause.setEnabled(chosen && endpoint.active());
        resume.setEnabled(chosen && !endpoint.active());
        replay.setEnabled(false);
        deliveriesTitle.setText(chosen ? "Recent deliveries to " + endpoint.url() : "Deliveries: select a webhook");
        deliveries.setItems(chosen ? webhooks.deliveries(endpoint.id(), RECENT, null).items()
                : java.util.List.of());
    }

    private static Span status(WebhookEndpoint endpoint) {
        Span badge = new Span(endpoint.active() ? "active" : "paused");
        badge.getElement().getThemeList().add(endpoint.active() ? "badge success" : "badge contrast");
        return badge;
    }

    private static Span state(WebhookDelivery delivery) {
        Span badge = new Span(delivery.state().db());
        badge.getElement().getThemeList().add(switch (delivery.state()) {
            case SUCCEEDED -> "badge success";
            case FAILED -> "badge error";
            case PENDING -> "badge contrast";
        });
        return badge;
    }

    private static String answer(WebhookDelivery delivery) {
        if (delivery.lastStatus() != null) {
            String snippet = delivery.responseSnippet() == null ? "" : delivery.responseSnippet().strip();
            return "HTTP " + delivery.lastStatus() + (snippet.isEmpty() ? "" : ": " + abbreviate(snippet));
        }
        return delivery.lastError() == null ? "" : delivery.lastError();
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
