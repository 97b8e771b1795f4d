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
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.WebAttributes;

@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · Touchstone")
@AnonymousAllowed
public class LoginView extends Div implements BeforeEnterObserver {

    private final LoginForm form = new LoginForm();
    private final AuthenticationContext authentication;

    public LoginView(AuthenticationContext authentication, DemoData demo) {
        this.authentication = authentication;
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
        Div card = new Div(form);
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
