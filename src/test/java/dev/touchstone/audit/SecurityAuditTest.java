package dev.touchstone.audit;

import dev.touchstone.FormSignIn;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Sign-in successes and failures through the real login form end up in the organization's audit log. */
@TouchstoneSpringTest
class SecurityAuditTest {

    @Autowired
    SignIn signIn;

    @LocalServerPort
    int port;
    @Autowired
    AuditService audit;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    private void postLogin(String email, String password) throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        http.send(FormSignIn.open(http, port).post(email, password).build(), HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void successAndFailureAreRecordedWithWhoAndWhere() throws Exception {
        postLogin("qa@acme.test", "wrong-password");
        postLogin("qa@acme.test", "touchstone-demo");

        signIn.as("admin@acme.test");
        List<AuditEntry> failures = audit.page("auth.login.failed", 0, 50);
        assertThat(failures).anySatisfy(e -> {
            assertThat(e.actorName()).isEqualTo("qa@acme.test");
            assertThat(e.clientAddress()).isEqualTo("127.0.0.1");
            assertThat(e.details()).contains("BadCredentialsException");
        });
        assertThat(audit.page("auth.login.succeeded", 0, 50))
                .anySatisfy(e -> assertThat(e.actorName()).isEqualTo("qa@acme.test"));

        // Globex's admin sees none of it.
        signIn.as("admin@globex.test");
        assertThat(audit.page("auth.login", 0, 500)).noneMatch(e -> "qa@acme.test".equals(e.actorName()));
    }
}
