package dev.touchstone.shell.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.touchstone.demo.DemoAccount;
import dev.touchstone.demo.DemoData;
import dev.touchstone.sso.SingleSignOn;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.UI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.WebAttributes;

@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · Touchstone")
@AnonymousAllowed
public class LoginView extends Div implements BeforeEnterObserver {

    private final LoginForm form = new LoginForm();
    private final AuthenticationContext authentication;
    private final SingleSignOn singleSignOn;
    private final Div sso = new Div();

    public LoginView(AuthenticationContext authentication, DemoData demo, SingleSignOn singleSignOn) {
        this.authentication = authentication;
        this.singleSignOn = singleSignOn;
        addClassName("login-page");
        form.setId("login-form");
        form.setAction("login");
        form.setForgotPasswordButtonVisible(false);
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setUsername("E-mail");
        i18n.getForm().setTitle("Sign in");
        form.setI18n(i18n);

        Div brand = new Div(new H1("Touchstone"),
                new Paragraph("Labeling for robot demonstration data: every sensor on one timeline, consensus and"
                        + " gold checks, versioned labeled sets."));
        brand.addClassName("login-brand");
        sso.setId("sso");
        sso.addClassNames("flex", "flex-col", "gap-s", "px-l", "pb-m");
        Div card = new Div(form, sso);
        card.addClassName("login-card");
        if (!demo.accounts().isEmpty()) {
            card.add(demoAccounts(demo));
        }
        add(brand, card);
    }

    private static Div demoAccounts(DemoData demo) {
        Div box = new Div(new H3("Demo logins"));
        box.setId("demo-accounts");
        box.addClassName("demo-accounts");
        for (DemoAccount account : demo.accounts()) {
            Div row = new Div(new Span(account.email()), new Span(account.roles() + " · " + account.organization()));
            row.addClassName("demo-account");
            box.add(row);
        }
        box.add(new Paragraph("Password for all: " + DemoData.PASSWORD));
        return box;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (authentication.isAuthenticated()) {
            event.forwardTo("");
            return;
        }
        var parameters = event.getLocation().getQueryParameters().getParameters();
        showSingleSignOn(parameters);
        boolean expired = parameters.containsKey("expired");
        if (!expired && !parameters.containsKey("error")) {
            return;
        }
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setUsername("E-mail");
        i18n.getForm().setTitle("Sign in");
        LoginI18n.ErrorMessage error = i18n.getErrorMessage();
        if (expired) {
            // A form whose CSRF token did not match (SecurityConfiguration): its page's session had ended, or
            // another site posted it. Nothing was checked, so nothing is said about the e-mail or password.
            error.setTitle("The sign-in page had expired");
            error.setMessage("Nobody was signed in. Enter your e-mail and password again.");
        } else {
            showFailure(error, VaadinSession.getCurrent().getSession()
                    .getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION));
        }
        form.setI18n(i18n);
        form.setError(true);
    }

    /**
     * Single sign-on is per organization: {@code /login?org=<slug>} (the address an organization gives its people)
     * shows the button of that organization's provider; without it the person names their organization first.
     * A refused sign-in comes back here with {@code sso-error} and the reason in the session.
     */
    private void showSingleSignOn(Map<String, List<String>> parameters) {
        sso.removeAll();
        String slug = parameters.getOrDefault("org", List.of()).stream().findFirst().orElse("").trim();
        if (parameters.containsKey("sso-error")) {
            Object failure = VaadinSession.getCurrent().getSession().getAttribute(SingleSignOn.FAILURE);
            Paragraph refused = new Paragraph(failure == null ? "Single sign-on failed." : failure.toString());
            refused.setId("sso-error");
            refused.addClassNames("text-error", "m-0");
            sso.add(refused);
        }
        var provider = slug.isEmpty() ? java.util.Optional.<String>empty() : singleSignOn.providerName(slug);
        if (provider.isPresent()) {
            Anchor start = new Anchor(SingleSignOn.start(slug), "Sign in with " + provider.get());
            start.setId("sso-start");
            // A full page load: the flow leaves for the identity provider, not a view of this application.
            start.setRouterIgnore(true);
            start.addClassNames("font-semibold");
            sso.add(start);
            return;
        }
        if (!slug.isEmpty()) {
            Paragraph none = new Paragraph("Single sign-on is not set up for \"" + slug + "\".");
            none.setId("sso-none");
            none.addClassNames("text-secondary", "m-0");
            sso.add(none);
        }
        TextField organization = new TextField("Single sign-on: your organization");
        organization.setId("sso-organization");
        organization.setPlaceholder("e.g. acme");
        Button next = new Button("Continue", click -> UI.getCurrent().getPage().setLocation("login?org="
                + URLEncoder.encode(organization.getValue().trim(), StandardCharsets.UTF_8)));
        next.setId("sso-continue");
        sso.add(organization, next);
    }

    private static void showFailure(LoginI18n.ErrorMessage error, Object failure) {
        switch (failure) {
            case LockedException locked -> {
                error.setTitle("Too many failed attempts");
                error.setMessage(locked.getMessage());
            }
            case DisabledException ignored -> {
                error.setTitle("Account deactivated");
                error.setMessage("This account has no active membership. Ask your organization's admin.");
            }
            case null, default -> {
                error.setTitle("Incorrect e-mail or password");
                error.setMessage("Check your e-mail address and password and try again.");
            }
        }
    }
}
