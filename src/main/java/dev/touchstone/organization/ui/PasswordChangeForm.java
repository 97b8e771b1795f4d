package dev.touchstone.organization.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.ValidationResult;
import dev.touchstone.organization.AccountService;
import dev.touchstone.organization.PasswordPolicy;

/**
 * Changing one's own password on the account page. A {@link Binder} checks the new password with the same
 * {@link PasswordPolicy} the service applies and that both entries match, on the fields; whether the current
 * password is right only the service knows, and its refusal shows in {@code password-error}.
 */
class PasswordChangeForm extends VerticalLayout {

    /** What the fields edit. */
    static final class Draft {
        String current = "";
        String next = "";
        String repeated = "";
    }

    final PasswordField currentPassword = new PasswordField("Current password");
    final PasswordField newPassword = new PasswordField("New password");
    final PasswordField confirm = new PasswordField("Repeat new password");
    final Span error = new Span();
    final Button change = new Button("Change password");

    private final Binder<Draft> binder = new Binder<>();
    private final AccountService accounts;
    private final Runnable changed;

    /**
     * @param email   the person's e-mail, which the policy forbids as a password
     * @param changed called after the password was changed (the page drops its one-time-password notice)
     */
    PasswordChangeForm(AccountService accounts, String email, Runnable changed) {
        this.accounts = accounts;
        this.changed = changed;
        setPadding(false);
        currentPassword.setId("current-password");
        newPassword.setId("new-password");
        newPassword.setHelperText("At least " + PasswordPolicy.MIN_LENGTH + " characters");
        confirm.setId("confirm-password");
        binder.forField(currentPassword).asRequired("Enter your current password.")
                .bind(d -> d.current, (d, v) -> d.current = v);
        binder.forField(newPassword)
                .withValidator((value, context) -> PasswordPolicy.problem(value, email)
                        .map(ValidationResult::error)
                        .orElse(ValidationResult.ok()))
                .bind(d -> d.next, (d, v) -> d.next = v);
        binder.forField(confirm)
                .withValidator(v -> v.equals(newPassword.getValue()), "The new passwords do not match.")
                .bind(d -> d.repeated, (d, v) -> d.repeated = v);
        // A change to the new password can make or break the match with the repeated one.
        newPassword.addValueChangeListener(e -> {
            if (!confirm.isEmpty()) {
                binder.validate();
            }
        });
        binder.setBean(new Draft());

        error.setId("password-error");
        error.addClassName("form-error");
        change.setId("change-password");
        change.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        change.addClickListener(click -> change());
        add(currentPassword, newPassword, confirm, error, change);
    }

    /** Sends only a valid form: otherwise the binder has marked the fields and nothing is sent. */
    private void change() {
        error.setText("");
        if (!binder.validate().isOk()) {
            return;
        }
        Draft draft = binder.getBean();
        try {
            // Installs this session's new principal itself; the person's other sessions end.
            accounts.changePassword(draft.current, draft.next);
        } catch (IllegalArgumentException e) {
            error.setText(e.getMessage());
            return;
        }
        binder.setBean(new Draft());
        Notification.show("Password changed").setId("password-changed");
        changed.run();
    }
}
