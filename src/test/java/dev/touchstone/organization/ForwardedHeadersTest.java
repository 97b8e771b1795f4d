package dev.touchstone.organization;

import dev.touchstone.FormSignIn;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.audit.AuditEntry;
import dev.touchstone.audit.AuditService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

import static dev.touchstone.db.Tables.LOGIN_THROTTLE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no trusted proxy configured (the default), {@code X-Forwarded-*} headers from a client change nothing: the
 * sign-in throttle and the audit log keep the connection's address, and redirects keep the request's own host.
 * {@link TrustedProxyForwardedHeadersTest} is the other half: the same headers from a trusted proxy are used.
 */
@TouchstoneSpringTest
class ForwardedHeadersTest {

    static final String SPOOFED = "203.0.113.77";

    @Autowired SignIn signIn;
    @Autowired OrganizationProvisioning provisioning;
    @Autowired AuditService audit;
    @Autowired DSLContext dsl;
    @LocalServerPort int port;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterEach
    void signOut() {
        signIn.out();
    }

    static HttpResponse<Void> failedSignIn(HttpClient http, int port, String email, String forwardedFor)
            throws Exception {
        return http.send(FormSignIn.open(http, port).post(email, "wrong-password")
                .header("X-Forwarded-For", forwardedFor).build(), HttpResponse.BodyHandlers.discarding());
    }

    static List<String> auditedAddresses(AuditService audit, String email) {
        return audit.page("auth.login.failed", 0, 500).stream()
                .filter(e -> email.equals(e.actorName()))
                .map(AuditEntry::clientAddress)
                .toList();
    }

    @Test
    void anUntrustedClientsForwardedForChangesNeitherTheThrottleKeyNorTheAuditAddress() throws Exception {
        String email = "forwarded-untrusted@acme.test";
        provisioning.addMember(provisioning.organization("acme").orElseThrow(), email, "Fay Forwarded",
                "correct horse battery 1", Set.of(Role.ANNOTATOR));

        failedSignIn(http, port, email, SPOOFED);

        assertThat(dsl.fetchExists(LOGIN_THROTTLE, LOGIN_THROTTLE.THROTTLE_KEY.eq("address:" + SPOOFED)))
                .as("no throttle row for the spoofed address").isFalse();
        assertThat(dsl.fetchExists(LOGIN_THROTTLE, LOGIN_THROTTLE.THROTTLE_KEY.eq("address:127.0.0.1")))
                .as("the connection's address is counted").isTrue();
        signIn.as("admin@acme.test");
        assertThat(auditedAddresses(audit, email)).containsExactly("127.0.0.1");
    }

    @Test
    void anUntrustedClientsForwardedHostNeverReachesARedirect() throws Exception {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/tokens"))
                .header("X-Forwarded-Host", "evil.example:8080")
                .header("X-Forwarded-Proto", "https")
                .GET().build(), HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).doesNotContain("evil.example").doesNotStartWith("https:").endsWith("/login");
    }
}
