package dev.touchstone.organization;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.EnumSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@TouchstoneSpringTest
class AccountServiceTest {

    @Autowired
    SignIn signIn;

    @Autowired
    UserDetailsService users;
    @Autowired
    AccountService accounts;
    @Autowired
    OrganizationProvisioning provisioning;
    @Autowired
    PasswordEncoder encoder;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void changesThePasswordOnlyWithTheCurrentOneAndAGoodNewOne() {
        Organization acme = provisioning.organization("acme").orElseThrow();
        String email = "pw-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        provisioning.addMember(acme, email, "Pat Word", "original-password-1", EnumSet.of(Role.ANNOTATOR));
        signIn.as(email);

        assertThatThrownBy(() -> accounts.changePassword("wrong", "another-good-password"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("current password");
        assertThatThrownBy(() -> accounts.changePassword("original-password-1", "short"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12");
        assertThatThrownBy(() -> accounts.changePassword("original-password-1", "original-password-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ");

        accounts.changePassword("original-password-1", "brand-new-password-2");
        String hash = users.loadUserByUsername(email).getPassword();
        assertThat(hash).startsWith("{argon2}");
        assertThat(encoder.matches("brand-new-password-2", hash)).isTrue();
        assertThat(encoder.matches("original-password-1", hash)).isFalse();
    }
}
