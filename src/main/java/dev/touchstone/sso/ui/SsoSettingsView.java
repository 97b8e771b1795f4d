package dev.touchstone.sso.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinServletRequest;
import dev.touchstone.organization.Role;
import dev.touchstone.sso.SsoSettings;
import dev.touchstone.sso.SsoSettingsService;
import dev.touchstone.sso.SsoSettingsUpdate;
import jakarta.annotation.security.RolesAllowed;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The organization's identity provider (docs/security.md, "Single sign-on"). The client secret is write-only: the
 * page says whether one is stored and takes a new one, never shows it.
 */
@Route("admin/sso")
@PageTitle("Single sign-on")
@Menu(order = 13, title = "Single sign-on", icon = "vaadin:sign-in")
@RolesAllowed(Role.ADMIN_NAME)
public class SsoSettingsView extends VerticalLayout {

    private final SsoSettingsService sso;
    private final TextField providerName = new TextField("Provider name (on the sign-in button)");
    private final TextField issuer = new TextField("Issuer URL");
    private final TextField clientId = new TextField("Client id");
    private final PasswordField clientSecret = new PasswordField("Client secret");
    private final TextField roleClaim = new TextField("Role claim (e.g. groups)");
    private final TextArea roleMapping = new TextArea("Claim value = role, one a line");
    private final Select<Role> defaultRole = new Select<>();
    private final Checkbox enabled = new Checkbox("Enabled");
    private final Paragraph error = new Paragraph();
    private final Paragraph saved = new Paragraph();

    public SsoSettingsView(SsoSettingsService sso) {
        this.sso = sso;
        providerName.setId("sso-provider-name");
        issuer.setId("sso-issuer");
        issuer.setPlaceholder("https://login.example.com/realms/acme");
        clientId.setId("sso-client-id");
        clientSecret.setId("sso-client-secret");
        roleClaim.setId("sso-role-claim");
        roleMapping.setId("sso-role-mapping");
        roleMapping.setPlaceholder("labelers = ANNOTATOR\nqa = QA_LEAD");
        defaultRole.setId("sso-default-role");
        defaultRole.setLabel("Role of a first sign-in the claim does not map");
        defaultRole.setItems(SsoSettingsService.DEFAULT_ROLE_CHOICES);
        defaultRole.setItemLabelGenerator(Role::label);
        defaultRole.setValue(SsoSettingsService.SUGGESTED_DEFAULT_ROLE);
        enabled.setId("sso-enabled");
        error.setId("sso-settings-error");
        error.addClassName("form-error");
        saved.setId("sso-settings-saved");
        saved.addClassName("text-secondary");
        Button save = new Button("Save", click -> save());
        save.setId("sso-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        Paragraph redirect = new Paragraph("Register this redirect URI at the provider: "
                + sso.redirectUri(baseUrl()) + ". Members sign in at " + sso.signInAddress(baseUrl()) + ".");
        redirect.setId("sso-redirect-uri");
        FormLayout form = new FormLayout(providerName, issuer, clientId, clientSecret, roleClaim, roleMapping,
                defaultRole, enabled);
        add(new H2("Single sign-on"), redirect, form, error, save, saved);
        sso.settings().ifPresent(this::show);
    }

    private void show(SsoSettings settings) {
        providerName.setValue(settings.providerName());
        issuer.setValue(settings.issuerUri());
        clientId.setValue(settings.clientId());
        clientSecret.clear();
        clientSecret.setPlaceholder(settings.clientSecretSet() ? "Stored; enter a new one to replace it" : "");
        roleClaim.setValue(settings.roleClaim() == null ? "" : settings.roleClaim());
        roleMapping.setValue(settings.roleMapping().entrySet().stream()
                .map(entry -> entry.getKey() + " = " + entry.getValue().name())
                .collect(Collectors.joining("\n")));
        defaultRole.setValue(settings.defaultRole());
        enabled.setValue(settings.enabled());
    }

    private void save() {
        error.setText("");
        saved.setText("");
        try {
            SsoSettings settings = sso.save(new SsoSettingsUpdate(providerName.getValue(), issuer.getValue(),
                    clientId.getValue(), clientSecret.getValue(), roleClaim.getValue(), mapping(roleMapping.getValue()),
                    defaultRole.getValue(), enabled.getValue()));
            show(settings);
            saved.setText("Saved. The provider's metadata is read again at the next sign-in.");
        } catch (IllegalArgumentException e) {
            error.setText(e.getMessage());
        }
    }

    /** "value = ROLE" lines; a line that names no role is refused with its text. */
    static Map<String, Role> mapping(String text) {
        Map<String, Role> mapping = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int equals = line.lastIndexOf('=');
            Role role = null;
            if (equals > 0) {
                String name = line.substring(equals + 1).trim().toUpperCase().replace(' ', '_');
                role = Arrays.stream(Role.values()).filter(r -> r.name().equals(name)).findFirst().orElse(null);
            }
            if (role == null) {
                throw new IllegalArgumentException("Not a \"claim value = role\" line: \"" + line.trim()
                        + "\" (roles: ADMIN, PROJECT_MANAGER, QA_LEAD, ANNOTATOR, CUSTOMER).");
            }
            mapping.put(line.substring(0, equals).trim(), role);
        }
        return mapping;
    }

    private static String baseUrl() {
        var request = VaadinServletRequest.getCurrent();
        if (request == null) {
            return "";
        }
        var http = request.getHttpServletRequest();
        boolean defaultPort = ("http".equals(http.getScheme()) && http.getServerPort() == 80)
                || ("https".equals(http.getScheme()) && http.getServerPort() == 443);
        return http.getScheme() + "://" + http.getServerName() + (defaultPort ? "" : ":" + http.getServerPort())
                + http.getContextPath();
    }
}
