package dev.touchstone.organization;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.audit.AuditService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;

import static dev.touchstone.db.Tables.LOGIN_THROTTLE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test client connects from loopback, which this context declares a trusted proxy (as an operator declares the
 * ingress pods' CIDR): its {@code X-Forwarded-For} then names the client for the throttle and the audit log, and
 * {@code X-Forwarded-Host} the host of redirects. An address the client put in front of the proxy's own entry is
 * not believed: the rightmost address that is not a trusted proxy wins.
 */
@TouchstoneSpringTest
@TestPropertySource(properties = "touchstone.trusted-proxies=127.0.0.0/8,::1/128")
class TrustedProxyForwardedHeadersTest {

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

    @Test
    void aTrustedProxysForwardedForNamesTheClient() throws Exception {
        String email = "forwarded-trusted@acme.test";
        provisioning.addMember(provisioning.organization("acme").orElseThrow(), email, "Tom Trusted",
                "correct horse battery 1", Set.of(Role.ANNOTATOR));

        // The client claimed 198.51.100.1; the ingress appended the address it saw, 203.0.113.5.
        ForwardedHeadersTest.failedSignIn(http, port, email, "198.51.100.1, 203.0.113.5");

        assertThat(dsl.fetchExists(LOGIN_THROTTLE, LOGIN_THROTTLE.THROTTLE_KEY.eq("address:203.0.113.5")))
                .isTrue();
        assertThat(dsl.fetchExists(LOGIN_THROTTLE, LOGIN_THROTTLE.THROTTLE_KEY.eq("address:198.51.100.1")))
                .as("what the client wrote itself is not believed").isFalse();
        signIn.as("admin@acme.test");
        assertThat(ForwardedHeadersTest.auditedAddresses(audit, email)).containsExactly("203.0.113.5");
    }

    @Test
    void aTrustedProxysForwardedHostIsThePublicHostOfRedirects() throws Exception {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/tokens"))
                .header("X-Forwarded-Host", "touchstone.example.com")
                .header("X-Forwarded-Proto", "https")
                .GET().build(), HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow())
                .isEqualTo("https://touchstone.example.com/login");
    }
}
