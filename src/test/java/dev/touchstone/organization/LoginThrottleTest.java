package dev.touchstone.organization;

import dev.touchstone.TouchstoneSpringTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import java.util.EnumSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@TouchstoneSpringTest
class LoginThrottleTest {

    private static final String PASSWORD = "throttle-test-password";

    @Autowired
    ThrottledAuthenticationProvider provider;
    @Autowired
    OrganizationProvisioning provisioning;
    @Autowired
    LoginThrottleProperties limits;

    private String newMember() {
        String email = "throttle-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        provisioning.addMember(provisioning.organization("acme").orElseThrow(), email, "Tess Throttle", PASSWORD,
                EnumSet.of(Role.ANNOTATOR));
        return email;
    }

    private Authentication attempt(String email, String password, String address) {
        var token = UsernamePasswordAuthenticationToken.unauthenticated(email, password);
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(address);
        token.setDetails(new WebAuthenticationDetails(request));
        return provider.authenticate(token);
    }

    private static String randomAddress() {
        return "10.9." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
    }

    @Test
    void aLockRefusesEvenTheRightPassword() {
        String email = newMember();
        String address = randomAddress();
        for (int i = 0; i < limits.maxFailures(); i++) {
            assertThatThrownBy(() -> attempt(email, "wrong", address)).isInstanceOf(BadCredentialsException.class);
        }
        assertThatThrownBy(() -> attempt(email, PASSWORD, randomAddress()))
                .isInstanceOf(LoginThrottledException.class)
                .hasMessageContaining("Too many failed sign-in attempts");
    }

    @Test
    void aSuccessfulSignInClearsEarlierFailures() {
        String email = newMember();
        String address = randomAddress();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < limits.maxFailures() - 1; i++) {
                assertThatThrownBy(() -> attempt(email, "wrong", address))
                        .isInstanceOf(BadCredentialsException.class);
            }
            assertThat(attempt(email, PASSWORD, address).isAuthenticated()).isTrue();
        }
    }

    @Test
    void unknownEmailsAreThrottledLikeKnownOnes() {
        String email = "nobody-" + UUID.randomUUID() + "@acme.test";
        for (int i = 0; i < limits.maxFailures(); i++) {
            assertThatThrownBy(() -> attempt(email, "guess", randomAddress()))
                    .isInstanceOf(BadCredentialsException.class);
        }
        assertThatThrownBy(() -> attempt(email, "guess", randomAddress()))
                .isInstanceOf(LoginThrottledException.class);
    }

    @Test
    void oneAddressSprayingManyEmailsIsThrottled() {
        String address = randomAddress();
        for (int i = 0; i < limits.maxFailuresPerAddress(); i++) {
            String email = "spray-" + i + "-" + UUID.randomUUID() + "@acme.test";
            assertThatThrownBy(() -> attempt(email, "guess", address)).isInstanceOf(BadCredentialsException.class);
        }
        String victim = newMember();
        assertThatThrownBy(() -> attempt(victim, PASSWORD, address)).isInstanceOf(LoginThrottledException.class);
        assertThat(attempt(victim, PASSWORD, randomAddress()).isAuthenticated()).isTrue();
    }
}
