package dev.touchstone.organization.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.touchstone.organization.AccountService;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.PasswordPolicy;
import dev.touchstone.organization.Role;
import dev.touchstone.organization.TouchstoneUser;
import jakarta.annotation.security.PermitAll;

import java.util.stream.Collectors;

@Route("account")
@PageTitle("Account")
@PermitAll
public class AccountView extends VerticalLayout {

    public AccountView(CurrentOrganization current, AccountService accounts) {
        setId("account-view");
        setMaxWidth("40em");
        TouchstoneUser me = current.requireUser();
        add(new H2(me.displayName()), new Paragraph(me.email() + " · " + me.organization().name() + " · "
                + me.roles().stream().map(Role::label).collect(Collectors.joining(", "))));
        if (me.mustChangePassword()) {
            Paragraph notice = new Paragraph("You signed in with a one-time password. Choose your own password"
                    + " to continue.");
            notice.setId("must-change-password");
            notice.addClassName("notice");
            add(notice);
        }
        PasswordField currentPassword = new PasswordField("Current password");
        currentPassword.setId("current-password");
        PasswordField newPassword = new PasswordField("New password");
        newPassword.setId("new-password");
        newPassword.setHelperText("At least " + PasswordPolicy.MIN_LENGTH + " characters");
        PasswordField confirm = new PasswordField("Repeat new password");
        confirm.setId("confirm-password");
        Span error = new Span();
        error.setId("password-error");
        error.addClassName("form-error");
        Button change = new Button("Change password");
        change.setId("change-password");
        change.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        change.addClickListener(click -> {
            if (!newPassword.getValue().equals(confirm.getValue())) {
                error.setText("The new passwords do not match.");
                return;
            }
            try {
                // Installs this session's new principal itself; the person's other sessions end.
                accounts.changePassword(currentPassword.getValue(), newPassword.getValue());
                currentPassword.clear();
                newPassword.clear();
                confirm.clear();
                error.setText("");
                Notification.show("Password changed").setId("password-changed");
                getChildren().filter(c -> c.getId().filter("must-change-password"::equals).isPresent())
                        .findFirst().ifPresent(this::remove);
            } catch (IllegalArgumentException e) {
                error.setText(e.getMessage());
            }
        });
        add(new H3("Change password"), currentPassword, newPassword, confirm, error, change);
    }
}
