package dev.touchstone.organization.ui;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.notification.Notification;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changing one's password on the account page without a browser, as a fresh member (so no other test's account
 * changes), against the real AccountService and the embedded database.
 */
@TouchstoneSpringTest
class PasswordChangeFormTest extends SpringBrowserlessTest {

    private static final String ORIGINAL = "original-password-1";

    @Autowired
    SignIn signIn;
    @Autowired
    OrganizationProvisioning provisioning;
    @Autowired
    UserDetailsService users;
    @Autowired
    PasswordEncoder encoder;

    private String email;

    @BeforeEach
    void aFreshMember() {
        email = "password-form-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        provisioning.addMember(provisioning.organization("acme").orElseThrow(), email, "Password form", ORIGINAL,
                Set.of(Role.CUSTOMER));
        signIn.as(email);
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void aShortOrMismatchedNewPasswordIsMarkedOnItsFieldAndNothingChanges() {
        PasswordChangeForm form = openForm();

        test(form.currentPassword).setValue(ORIGINAL);
        test(form.newPassword).setValue("short");
        test(form.confirm).setValue("different");
        test(form.change).click();

        assertThat(form.newPassword.getErrorMessage()).isEqualTo("Use at least 12 characters.");
        assertThat(form.confirm.getErrorMessage()).isEqualTo("The new passwords do not match.");
        assertThat(find(Notification.class).all()).isEmpty();
        assertThat(encoder.matches(ORIGINAL, users.loadUserByUsername(email).getPassword())).isTrue();
    }

    @Test
    void aWrongCurrentPasswordIsRefusedWithTheServicesReason() {
        PasswordChangeForm form = openForm();

        test(form.currentPassword).setValue("not-the-password");
        test(form.newPassword).setValue("a-brand-new-password");
        test(form.confirm).setValue("a-brand-new-password");
        test(form.change).click();

        assertThat(form.error.getText()).isEqualTo("The current password is not correct.");
        assertThat(encoder.matches(ORIGINAL, users.loadUserByUsername(email).getPassword())).isTrue();
    }

    @Test
    void aValidChangeIsSavedAndConfirmed() {
        PasswordChangeForm form = openForm();

        test(form.currentPassword).setValue(ORIGINAL);
        test(form.newPassword).setValue("a-brand-new-password");
        test(form.confirm).setValue("a-brand-new-password");
        test(form.change).click();

        assertThat(test(find(Notification.class).single()).getText()).isEqualTo("Password changed");
        assertThat(form.newPassword.getValue()).isEmpty();
        assertThat(encoder.matches("a-brand-new-password", users.loadUserByUsername(email).getPassword())).isTrue();
    }

    private PasswordChangeForm openForm() {
        navigate(AccountView.class);
        return findInView(PasswordChangeForm.class).single();
    }
}
