package dev.touchstone.organization;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordPolicyTest {

    @Test
    void acceptsALongVariedPassword() {
        assertThat(PasswordPolicy.problem("correct horse battery", "ana@acme.test")).isEmpty();
    }

    @Test
    void rejectsShortRepetitiveOrPersonalPasswords() {
        assertThat(PasswordPolicy.problem("short", "ana@acme.test")).hasValueSatisfying(p -> assertThat(p).contains("12"));
        assertThat(PasswordPolicy.problem("aaaaaaaaaaaaaaaa", "ana@acme.test")).isPresent();
        assertThat(PasswordPolicy.problem("my-name-is-annotator!", "annotator@acme.test")).isPresent();
        assertThat(PasswordPolicy.problem(null, "ana@acme.test")).isPresent();
    }

    @Test
    void oneTimePasswordsAreLongUnambiguousAndDifferent() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String password = PasswordPolicy.oneTimePassword();
            assertThat(password).hasSize(16).doesNotContainAnyWhitespaces().matches("[^0O1lI]+");
            assertThat(PasswordPolicy.problem(password, "x@y.test")).isEmpty();
            seen.add(password);
        }
        assertThat(seen).hasSize(200);
    }
}
