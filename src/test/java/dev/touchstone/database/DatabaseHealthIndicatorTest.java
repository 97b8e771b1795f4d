package dev.touchstone.database;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The readiness probe's database check answers within its bound whatever state the server is in. */
class DatabaseHealthIndicatorTest {

    /** 2 s of timeouts plus 0.5 s of grace, and 0.5 s of margin for a loaded machine. */
    private static final Duration BOUND = Duration.ofSeconds(3);

    static EmbeddedDatabase database;

    @BeforeAll
    static void startDatabase() {
        database = EmbeddedDatabase.ephemeral();
    }

    @AfterAll
    static void stopDatabase() {
        database.close();
    }

    @Test
    void upWhenTheServerAnswers() {
        assertThat(timedCheck(database.jdbcUrl()).getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void downWithinTheBoundWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertThat(timedCheck("jdbc:postgresql://127.0.0.1:" + port + "/postgres").getStatus())
                .isEqualTo(Status.DOWN);
    }

    /** A server that accepts connections and never answers: the case where a pooled check waited 30 s. */
    @Test
    void downWithinTheBoundWhenTheServerHangs() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            assertThat(timedCheck("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/postgres").getStatus())
                    .isEqualTo(Status.DOWN);
            silent.close();
            acceptor.join();
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    private static Health timedCheck(String url) {
        DatabaseHealthIndicator indicator = new DatabaseHealthIndicator(url, "postgres", "postgres",
                DatabaseConfiguration.HEALTH_CHECK_TIMEOUT);
        long started = System.nanoTime();
        Health health = indicator.health();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("[pgrecovery] db health %s in %d ms (%s)%n", health.getStatus(), took.toMillis(), url);
        assertThat(took).isLessThan(BOUND);
        return health;
    }
}
