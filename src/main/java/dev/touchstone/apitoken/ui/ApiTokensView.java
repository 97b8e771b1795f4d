package dev.touchstone.apitoken.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinServletRequest;
import dev.touchstone.apitoken.ApiToken;
import dev.touchstone.apitoken.ApiTokenScope;
import dev.touchstone.apitoken.ApiTokenService;
import dev.touchstone.apitoken.CreatedApiToken;
import dev.touchstone.apitoken.OrganizationApiToken;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.Role;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The signed-in member's API tokens in the current organization (docs/release/api.md): make one (name and expiry;
 * the secret is shown once, with a copy button and a warning), see them all (prefix, created, expires, last used,
 * status) and revoke one after confirming. Everyone who can read releases has the page; annotators do not. Admins
 * also see every member's tokens in the organization, with their owners, and may revoke any of them.
 */
@Route("tokens")
@PageTitle("API tokens")
@Menu(order = 50, title = "API tokens", icon = "vaadin:key")
@RolesAllowed({Role.ADMIN_NAME, Role.PROJECT_MANAGER_NAME, Role.QA_LEAD_NAME, Role.ANNOTATOR_NAME,
        Role.CUSTOMER_NAME})
public class ApiTokensView extends VerticalLayout {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final ApiTokenService tokens;
    private final Grid<ApiToken> grid = new Grid<>();
    /** Null for members who may not see other members' tokens. */
    private final Grid<OrganizationApiToken> organizationGrid;

    public ApiTokensView(ApiTokenService tokens, CurrentOrganization current) {
        this.tokens = tokens;
        setId("api-tokens");
        Button create = new Button("New token", click -> createDialog());
        create.setId("new-token");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout header = new HorizontalLayout(new H2("API tokens"), create);
        header.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        String organization = current.requireUser().organization().name();
        boolean readsReleases = tokens.scopesForMe().contains(ApiTokenScope.RELEASES_READ);
        Paragraph about = new Paragraph((readsReleases
                ? "A token lets a script read the releases of " + organization + " as you: list them, read their "
                + "quality reports and download their files (scope releases:read), e.g. curl -H \"Authorization: "
                + "Bearer ts_...\" …/api/v1/releases. Other scopes let a script read everything your role may read "
                + "(read), run the labeling loop (labels:write), upload and import data or post predictions "
                + "(data:write, predictions:write: admins and project managers) or do anything (admin). "
                : "A token lets a script run the labeling loop of " + organization + " as you: claim work, save "
                + "drafts and submit them (scope labels:write), e.g. curl -H \"Authorization: Bearer ts_...\" "
                + "…/api/v1/work/claims, and read what your role may read (read). ")
                + "It works only in this organization, only until it expires or you revoke it, "
                + "and only while you are a member.");
        about.setId("api-tokens-about");

        grid.setId("tokens-grid");
        grid.addColumn(ApiToken::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(t -> t.prefix() + "…").setHeader("Token").setAutoWidth(true);
        grid.addColumn(t -> String.join(", ", t.scopes())).setHeader("Scopes").setAutoWidth(true);
        grid.addColumn(t -> DAY.format(t.createdAt())).setHeader("Created").setAutoWidth(true);
        grid.addColumn(t -> DAY.format(t.expiresAt())).setHeader("Expires").setAutoWidth(true);
        grid.addColumn(t -> t.lastUsedAt() == null ? "never" : when(t.lastUsedAt())).setHeader("Last used")
                .setAutoWidth(true);
        grid.addColumn(ApiTokensView::status).setHeader("Status").setAutoWidth(true);
        grid.addComponentColumn(t -> revokeButton(t, "revoke-", () -> confirmRevoke(t, null))).setHeader("").setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);
        add(header, about, grid);
        if (current.requireUser().may(Ability.API_TOKENS)) {
            organizationGrid = organizationGrid();
            H2 title = new H2("All tokens of " + organization);
            title.setId("org-tokens-title");
            add(title, organizationGrid);
        } else {
            organizationGrid = null;
        }
        refresh();
    }

    private Grid<OrganizationApiToken> organizationGrid() {
        Grid<OrganizationApiToken> all = new Grid<>();
        all.setId("org-tokens-grid");
        all.addColumn(OrganizationApiToken::ownerName).setHeader("Owner").setAutoWidth(true);
        all.addColumn(t -> t.token().name()).setHeader("Name").setAutoWidth(true);
        all.addColumn(t -> t.token().prefix() + "…").setHeader("Token").setAutoWidth(true);
        all.addColumn(t -> String.join(", ", t.token().scopes())).setHeader("Scopes").setAutoWidth(true);
        all.addColumn(t -> t.token().lastUsedAt() == null ? "never" : when(t.token().lastUsedAt()))
                .setHeader("Last used").setAutoWidth(true);
        all.addColumn(t -> DAY.format(t.token().expiresAt())).setHeader("Expires").setAutoWidth(true);
        all.addColumn(t -> status(t.token())).setHeader("Status").setAutoWidth(true);
        all.addComponentColumn(t -> revokeButton(t.token(), "org-revoke-", () -> confirmRevoke(t.token(), t.ownerName())))
                .setHeader("").setAutoWidth(true).setFlexGrow(0);
        all.setAllRowsVisible(true);
        return all;
    }

    private void refresh() {
        grid.setItems(tokens.mine());
        grid.recalculateColumnWidths();
        if (organizationGrid != null) {
            organizationGrid.setItems(tokens.organizationTokens());
            organizationGrid.recalculateColumnWidths();
        }
    }

    private static String when(Instant instant) {
        return WHEN.format(instant);
    }

    private static String status(ApiToken token) {
        return switch (token.status(Instant.now())) {
            case ACTIVE -> "Active";
            case EXPIRED -> "Expired";
            case REVOKED -> "Revoked " + DAY.format(token.revokedAt());
        };
    }

    private static Button revokeButton(ApiToken token, String idPrefix, Runnable confirm) {
        Button revoke = new Button("Revoke", click -> confirm.run());
        revoke.setId(idPrefix + token.id());
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        revoke.setVisible(token.status(Instant.now()) == ApiToken.Status.ACTIVE);
        return revoke;
    }

    /** @param owner null for the member's own token, else whose token an admin revokes (through revokeAny) */
    private void confirmRevoke(ApiToken token, String owner) {
        Dialog confirm = new Dialog();
        confirm.setId("revoke-dialog");
        confirm.setHeaderTitle("Revoke “" + token.name() + "”" + (owner == null ? "" : " of " + owner) + "?");
        confirm.add(new Paragraph("Scripts using " + token.prefix() + "… stop working at their next request. This "
                + "cannot be undone; make a new token if you need one again."));
        Button cancel = new Button("Cancel", click -> confirm.close());
        cancel.setId("revoke-cancel");
        Button revoke = new Button("Revoke", click -> {
            try {
                if (owner == null) {
                    tokens.revoke(token.id());
                } else {
                    tokens.revokeAny(token.id());
                }
                Notification.show("Token revoked");
            } catch (NotFoundInOrganizationException e) {
                Notification.show(e.getMessage());
            }
            confirm.close();
            refresh();
        });
        revoke.setId("revoke-confirm");
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        confirm.getFooter().add(cancel, revoke);
        confirm.open();
    }

    private void createDialog() {
        new ApiTokenCreateDialog(tokens, tokens.scopesForMe(), created -> {
            refresh();
            showSecret(created);
        }).open();
    }

    /** The address this page was reached at (the ingress's, behind one), for the example command. */
    private static String baseUrl() {
        VaadinServletRequest request = VaadinServletRequest.getCurrent();
        return request == null ? "http://localhost:8080"
                : ServletUriComponentsBuilder.fromContextPath(request.getHttpServletRequest()).toUriString();
    }

    /** The one and only time the secret is on a screen. */
    private void showSecret(CreatedApiToken created) {
        Dialog dialog = new Dialog();
        dialog.setId("token-secret-dialog");
        dialog.setHeaderTitle("Token “" + created.token().name() + "” created");
        dialog.setCloseOnOutsideClick(false);
        Paragraph warning = new Paragraph("Copy the token now and keep it like a password. It is shown only "
                + "this once: Touchstone stores only a hash and cannot show it again. Anyone holding it can "
                + "download your organization's releases until " + when(created.token().expiresAt()) + ".");
        warning.setId("token-warning");
        warning.addClassName("notice");
        TextField secret = new TextField("Token");
        secret.setId("token-secret");
        secret.setValue(created.secret());
        secret.setReadOnly(true);
        secret.setWidthFull();
        secret.addClassName("code-text");
        secret.addFocusListener(focus -> secret.getElement().executeJs("this.inputElement.select()"));
        Button copy = new Button("Copy", click -> UI.getCurrent().getPage()
                .executeJs("return navigator.clipboard.writeText($0)", created.secret())
                .then(ok -> Notification.show("Copied"),
                        failure -> Notification.show("Copying was not allowed here: select the token and copy it")));
        copy.setId("token-copy");
        HorizontalLayout field = new HorizontalLayout(secret, copy);
        field.setWidthFull();
        field.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        Span command = new Span("TOKEN=<the token>; curl -H \"Authorization: Bearer $TOKEN\" " + baseUrl()
                + (tokens.scopesForMe().contains(ApiTokenScope.RELEASES_READ) ? "/api/v1/releases" : "/api/v1/me"));
        command.setId("token-example");
        command.addClassName("code-text");
        Div example = new Div(new Paragraph("Try it:"), command);
        Button done = new Button("I have copied it", click -> dialog.close());
        done.setId("token-secret-done");
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        VerticalLayout content = new VerticalLayout(warning, field, example);
        content.setMinWidth("36em");
        dialog.add(content);
        dialog.getFooter().add(done);
        dialog.open();
    }
}
