package dev.touchstone.database;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes a supervisor polls, against a database that goes away: readiness says so within seconds (it used to
 * hang for the pool's 30 s connection timeout), liveness stays UP because a restart of the application would not
 * bring an external database back. The server here is a separately started PostgreSQL 18 playing the external one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class DatabaseProbesTest {

    static final EmbeddedDatabase EXTERNAL = EmbeddedDatabase.ephemeral();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(EXTERNAL::close));
    }

    @DynamicPropertySource
    static void externalDatabase(DynamicPropertyRegistry registry) {
        registry.add("touchstone.db.url", () -> "jdbc:postgresql://localhost:" + EXTERNAL.port() + "/postgres");
        registry.add("touchstone.db.user", () -> "postgres");
        registry.add("touchstone.db.password", () -> "postgres");
        registry.add("touchstone.demo", () -> "");
    }

    @Value("${local.server.port}")
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    com.zaxxer.hikari.HikariDataSource dataSource;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRequestWaitsTenSecondsForAConnectionNotHikarisThirty() {
        // While the database is away, this is how long a save waits before its 503 (README: TOUCHSTONE_DB_CONNECTION_TIMEOUT).
        assertThat(dataSource.getConnectionTimeout()).isEqualTo(10_000);
    }

    @Test
    void readinessReportsALostDatabaseWithinSeconds() throws Exception {
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);

        EXTERNAL.close();

        long started = System.nanoTime();
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("[pgrecovery] readiness with the database down: %d in %d ms%n", readiness.statusCode(),
                took.toMillis());
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("DOWN");
        // 2 s of check timeout + 0.5 s grace; 1.5 s of margin for HTTP and a loaded 2-core machine.
        assertThat(took).isLessThan(Duration.ofSeconds(4));
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
